package dev.plumbline.config;

import java.util.List;
import java.util.Optional;

/**
 * What the operator allows one environment, from the agent configuration ({@code plumbline.environments.<env>.*}, the
 * chart's values), never from Git. Git's {@code restrictions} can only narrow these; a Git writer cannot change them.
 *
 * @param namespaces      globs namespaced objects (and Namespace objects' names) must match; {@code null}: any
 * @param clusterScoped   cluster-scoped kinds allowed; {@code null}: any; empty: none
 * @param requireApproval new revisions wait for an approval naming them, whatever {@code sync.auto} says
 * @param serviceAccount  impersonated for every request of the environment: {@code name} (in the state namespace) or
 *                        {@code namespace/name}, checked by {@link ServiceAccountRef#parse}; {@code null}: the agent's
 *                        own identity
 */
public record EnvironmentLimits(List<String> namespaces, List<String> clusterScoped, boolean requireApproval,
                                String serviceAccount) {

    public EnvironmentLimits {
        namespaces = namespaces == null ? null : List.copyOf(namespaces);
        clusterScoped = clusterScoped == null ? null : List.copyOf(clusterScoped);
        serviceAccount = serviceAccount == null || serviceAccount.isBlank() ? null : serviceAccount.strip();
    }

    /** Limits acting with the agent's own identity. */
    public EnvironmentLimits(List<String> namespaces, List<String> clusterScoped, boolean requireApproval) {
        this(namespaces, clusterScoped, requireApproval, null);
    }

    public EnvironmentLimits withServiceAccount(String value) {
        return new EnvironmentLimits(namespaces, clusterScoped, requireApproval, value);
    }

    /**
     * The ServiceAccount to impersonate, if any; a bare name lies in {@code stateNamespace} (the agent's, never one Git
     * names).
     */
    public Optional<ServiceAccountRef> impersonate(String stateNamespace) {
        return serviceAccount == null ? Optional.empty()
                : Optional.of(ServiceAccountRef.parse("service-account", serviceAccount, stateNamespace));
    }

    /** The list form {@code environments: [a, b]}: no limits beyond the agent's RBAC. */
    public static EnvironmentLimits none() {
        return new EnvironmentLimits(null, null, false);
    }

    /** {@code policy} as the operator lets it act: {@code require-approval} turns auto sync off. */
    public EnvironmentPolicy govern(EnvironmentPolicy policy) {
        if (!requireApproval || !policy.sync().auto()) {
            return policy;
        }
        EnvironmentPolicy.Sync s = policy.sync();
        EnvironmentPolicy.Sync gated = new EnvironmentPolicy.Sync(false, s.prune(), s.selfHeal(), s.suspend(), s.allowEmpty(),
                s.maxPrunePercent(), s.maxPruneCount(), s.waitTimeout(), s.rollbackOnDegraded());
        return policy.withSync(gated);
    }
}
