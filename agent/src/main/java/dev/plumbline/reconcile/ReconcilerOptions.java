package dev.plumbline.reconcile;

import java.util.List;
import java.util.Objects;

/**
 * @param stateNamespace  where inventory and history live ({@code plumbline.state-namespace})
 * @param diffParallelism dry-runs in flight at once during a drift check
 * @param watchNamespaces {@code plumbline.namespaces}: watch only these namespaces (namespace-scoped RBAC, as the
 *                        chart's {@code rbac.namespaces} grants); null: cluster-wide, falling back to the
 *                        environment's namespaces when a cluster-wide watch is forbidden
 * @param writeGate       asked before and during every write; the leader election closes it on followers
 * @param watch           false: the live state is listed once per check instead of watched (a one-shot
 *                        {@code plumbline diff}; see {@link dev.plumbline.live.LiveCache.Options#watch()})
 * @param instance        {@code plumbline.instance}: with the source's repository, who owns the environments this
 *                        reconciler syncs (default {@code ""})
 */
public record ReconcilerOptions(String stateNamespace, int diffParallelism, List<String> watchNamespaces, WriteGate writeGate,
                                boolean watch, String instance) {

    public ReconcilerOptions {
        watchNamespaces = watchNamespaces == null || watchNamespaces.isEmpty() ? null : List.copyOf(watchNamespaces);
        Objects.requireNonNull(writeGate, "writeGate");
        instance = instance == null ? "" : instance.strip();
    }

    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions("plumbline-system", 8, null, WriteGate.ALWAYS, true, "");
    }

    public ReconcilerOptions withInstance(String value) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, value);
    }

    public ReconcilerOptions withStateNamespace(String ns) {
        return new ReconcilerOptions(ns, diffParallelism, watchNamespaces, writeGate, watch, instance);
    }

    public ReconcilerOptions withWatchNamespaces(List<String> namespaces) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, namespaces, writeGate, watch, instance);
    }

    public ReconcilerOptions withWatch(boolean watch) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, instance);
    }

    public ReconcilerOptions withWriteGate(WriteGate gate) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, gate, watch, instance);
    }
}
