package dev.plumbline.reconcile;

import java.util.List;

/**
 * @param stateNamespace  where inventory and history live ({@code plumbline.state-namespace})
 * @param diffParallelism dry-runs in flight at once during a drift check
 * @param watchNamespaces {@code plumbline.namespaces}: watch only these namespaces (namespace-scoped RBAC, as the
 *                        chart's {@code rbac.namespaces} grants); null: cluster-wide, falling back to the
 *                        environment's namespaces when a cluster-wide watch is forbidden
 */
public record ReconcilerOptions(String stateNamespace, int diffParallelism, List<String> watchNamespaces) {

    public ReconcilerOptions {
        watchNamespaces = watchNamespaces == null || watchNamespaces.isEmpty() ? null : List.copyOf(watchNamespaces);
    }

    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions("plumbline-system", 8, null);
    }

    public ReconcilerOptions withStateNamespace(String ns) {
        return new ReconcilerOptions(ns, diffParallelism, watchNamespaces);
    }

    public ReconcilerOptions withWatchNamespaces(List<String> namespaces) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, namespaces);
    }
}
