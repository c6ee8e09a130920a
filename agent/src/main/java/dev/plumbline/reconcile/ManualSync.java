package dev.plumbline.reconcile;

import dev.plumbline.sync.SyncListener;

/**
 * A sync someone asked for (API or CLI): {@code POST /api/v1/environments/{env}/sync}.
 *
 * @param revision     approve exactly this revision (must be the branch head unless {@code pin}); null: the current target
 * @param pin          hold the environment at {@code revision} until the pin is deleted (rollback)
 * @param prune        override the policy's {@code sync.prune} for this run; null: the policy
 * @param dryRun       compute the ChangeSet with server dry-runs; change nothing, record nothing
 * @param confirmPrune allow a prune beyond {@code maxPrunePercent} and {@code maxPruneCount}
 */
public record ManualSync(String revision, boolean pin, Boolean prune, boolean dryRun, boolean confirmPrune, SyncListener listener) {

    public static ManualSync defaults() {
        return new ManualSync(null, false, null, false, false, null);
    }
}
