package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.history.HistoryStore;

import java.util.List;
import java.util.Map;
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
 * @param historyRecords  syncs kept per environment ({@code plumbline.history.max-records}, default 1,000; see
 *                        {@link dev.plumbline.history.HistoryStore.Options#maxRecords()})
 * @param limits          the operator's limits per environment ({@code plumbline.environments.<env>.*}); an environment
 *                        not named has none beyond RBAC
 * @param instance        {@code plumbline.instance}: with the source's repository, who owns the environments this
 *                        reconciler syncs (default {@code ""})
 */
public record ReconcilerOptions(String stateNamespace, int diffParallelism, List<String> watchNamespaces, WriteGate writeGate,
                                boolean watch, int historyRecords, Map<String, EnvironmentLimits> limits, String instance) {

    public ReconcilerOptions {
        watchNamespaces = watchNamespaces == null || watchNamespaces.isEmpty() ? null : List.copyOf(watchNamespaces);
        Objects.requireNonNull(writeGate, "writeGate");
        limits = limits == null ? Map.of() : Map.copyOf(limits);
        instance = instance == null ? "" : instance.strip();
    }

    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions("plumbline-system", 8, null, WriteGate.ALWAYS, true,
                HistoryStore.Options.defaults().maxRecords(), Map.of(), "");
    }

    public ReconcilerOptions withStateNamespace(String ns) {
        return new ReconcilerOptions(ns, diffParallelism, watchNamespaces, writeGate, watch, historyRecords, limits, instance);
    }

    public ReconcilerOptions withWatchNamespaces(List<String> namespaces) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, namespaces, writeGate, watch, historyRecords, limits,
                instance);
    }

    public ReconcilerOptions withHistoryRecords(int records) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, records, limits,
                instance);
    }

    public ReconcilerOptions withWatch(boolean watch) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, historyRecords, limits,
                instance);
    }

    public ReconcilerOptions withWriteGate(WriteGate gate) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, gate, watch, historyRecords, limits,
                instance);
    }

    public ReconcilerOptions withLimits(Map<String, EnvironmentLimits> value) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, historyRecords, value,
                instance);
    }

    public ReconcilerOptions withInstance(String value) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, watchNamespaces, writeGate, watch, historyRecords, limits,
                value);
    }
}
