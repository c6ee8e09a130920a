package dev.plumbline.reconcile;

/**
 * @param stateNamespace  where inventory and history live ({@code plumbline.state-namespace})
 * @param diffParallelism dry-runs in flight at once during a drift check
 */
public record ReconcilerOptions(String stateNamespace, int diffParallelism) {

    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions("plumbline-system", 8);
    }

    public ReconcilerOptions withStateNamespace(String ns) {
        return new ReconcilerOptions(ns, diffParallelism);
    }
}
