package dev.plumbline.reconcile;

import java.util.Objects;

/**
 * @param stateNamespace  where inventory and history live ({@code plumbline.state-namespace})
 * @param diffParallelism dry-runs in flight at once during a drift check
 * @param writeGate       asked before and during every write; the leader election closes it on followers
 */
public record ReconcilerOptions(String stateNamespace, int diffParallelism, WriteGate writeGate) {

    public ReconcilerOptions {
        Objects.requireNonNull(writeGate, "writeGate");
    }

    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions("plumbline-system", 8, WriteGate.ALWAYS);
    }

    public ReconcilerOptions withStateNamespace(String ns) {
        return new ReconcilerOptions(ns, diffParallelism, writeGate);
    }

    public ReconcilerOptions withWriteGate(WriteGate gate) {
        return new ReconcilerOptions(stateNamespace, diffParallelism, gate);
    }
}
