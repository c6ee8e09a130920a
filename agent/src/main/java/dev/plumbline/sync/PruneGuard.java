package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;

import java.util.Optional;

/**
 * The guards that stop a whole sync before anything is written (DESIGN "Safety rules"): an empty render never prunes
 * unless {@code allowEmpty}; a prune of more than {@code maxPrunePercent} of the inventory <em>and</em> more than
 * {@code maxPruneCount} objects needs {@code confirmPrune}. Pure arithmetic; the per-object guards (annotation,
 * controller owner, state objects, namespaces with content) are the engine's prune verb's ({@code engine.Pruner}).
 */
final class PruneGuard {

    private PruneGuard() {
    }

    /**
     * The message that stops this sync, if any.
     *
     * @param desired    how many objects the render produced
     * @param inventory  how many objects the inventory holds
     * @param candidates how many inventory objects left Git (would be pruned)
     */
    static Optional<String> check(int desired, int inventory, int candidates, EnvironmentPolicy.Sync policy,
                                  boolean confirmPrune) {
        if (candidates == 0) {
            return Optional.empty();
        }
        if (desired == 0 && !policy.allowEmpty()) {
            return Optional.of("the render is empty and would prune all " + inventory + " objects of the inventory; "
                    + "an empty render never prunes unless sync.allowEmpty is true");
        }
        if (confirmPrune) {
            return Optional.empty();
        }
        long percent = Math.round(100.0 * candidates / inventory);
        boolean overPercent = candidates * 100L > (long) policy.maxPrunePercent() * inventory;
        if (overPercent && candidates > policy.maxPruneCount()) {
            return Optional.of("prune of " + candidates + " objects (" + percent + "% of " + inventory
                    + ") exceeds maxPrunePercent " + policy.maxPrunePercent() + " and maxPruneCount "
                    + policy.maxPruneCount() + "; repeat with confirmPrune");
        }
        return Optional.empty();
    }
}
