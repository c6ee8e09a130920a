package dev.plumbline.config;

import java.util.List;

/**
 * What the operator allows one environment, from the agent configuration ({@code plumbline.environments.<env>.*}, the
 * chart's values), never from Git. Git's {@code restrictions} can only narrow these; a Git writer cannot change them.
 *
 * @param namespaces      globs namespaced objects (and Namespace objects' names) must match; {@code null}: any
 * @param clusterScoped   cluster-scoped kinds allowed; {@code null}: any; empty: none
 * @param requireApproval new revisions wait for an approval naming them, whatever {@code sync.auto} says
 */
public record EnvironmentLimits(List<String> namespaces, List<String> clusterScoped, boolean requireApproval) {

    public EnvironmentLimits {
        namespaces = namespaces == null ? null : List.copyOf(namespaces);
        clusterScoped = clusterScoped == null ? null : List.copyOf(clusterScoped);
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
                s.maxPrunePercent(), s.maxPruneCount(), s.waitTimeout());
        return new EnvironmentPolicy(policy.namespace(), gated, policy.restrictions(), policy.ignoreDifferences());
    }
}
