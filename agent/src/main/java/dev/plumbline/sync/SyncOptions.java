package dev.plumbline.sync;

import dev.plumbline.inventory.Owner;

import java.util.Objects;

/**
 * How one sync runs. A CLI flag or an API request overrides the environment's policy for that run only.
 *
 * @param dryRun       compute the full ChangeSet with server-side dry-run applies: no writes, no deletes, no
 *                     inventory update, no events
 * @param prune        {@code null}: the policy's {@code sync.prune}; else this
 * @param confirmPrune lift the {@code maxPrunePercent}/{@code maxPruneCount} guard for this run
 * @param parallelism  how many objects of one kind group are applied at once
 * @param fieldManager Plumbline's identity in managedFields
 * @param events       record one summary Event per sync on the environment's inventory head (best effort; see
 *                     {@code SyncSummary})
 * @param listener     progress
 * @param owner        the source this sync comes from: it claims an unclaimed environment, and an environment another
 *                     source owns is an ownership conflict (nothing applied or pruned)
 * @param limits       the operator's limits ({@code plumbline.environments.<env>.namespaces/cluster-scoped}): prune stays
 *                     inside them as inside Git's {@code restrictions}; {@code null}: none
 */
public record SyncOptions(boolean dryRun, Boolean prune, boolean confirmPrune, int parallelism, String fieldManager,
                          boolean events, SyncListener listener, Owner owner, dev.plumbline.render.Restrictions limits) {

    public SyncOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive, was " + parallelism);
        }
        Objects.requireNonNull(fieldManager, "fieldManager");
        listener = listener == null ? SyncListener.NONE : listener;
        owner = owner == null ? Owner.UNNAMED : owner;
    }

    public static SyncOptions defaults() {
        return new SyncOptions(false, null, false, 8, "plumbline", true, SyncListener.NONE, Owner.UNNAMED, null);
    }

    public SyncOptions withDryRun(boolean value) {
        return new SyncOptions(value, prune, confirmPrune, parallelism, fieldManager, events, listener, owner, limits);
    }

    public SyncOptions withPrune(Boolean value) {
        return new SyncOptions(dryRun, value, confirmPrune, parallelism, fieldManager, events, listener, owner, limits);
    }

    public SyncOptions withConfirmPrune(boolean value) {
        return new SyncOptions(dryRun, prune, value, parallelism, fieldManager, events, listener, owner, limits);
    }

    public SyncOptions withParallelism(int value) {
        return new SyncOptions(dryRun, prune, confirmPrune, value, fieldManager, events, listener, owner, limits);
    }

    public SyncOptions withEvents(boolean value) {
        return new SyncOptions(dryRun, prune, confirmPrune, parallelism, fieldManager, value, listener, owner, limits);
    }

    public SyncOptions withListener(SyncListener value) {
        return new SyncOptions(dryRun, prune, confirmPrune, parallelism, fieldManager, events, value, owner, limits);
    }

    public SyncOptions withOwner(Owner value) {
        return new SyncOptions(dryRun, prune, confirmPrune, parallelism, fieldManager, events, listener, value, limits);
    }

    public SyncOptions withLimits(dev.plumbline.render.Restrictions value) {
        return new SyncOptions(dryRun, prune, confirmPrune, parallelism, fieldManager, events, listener, owner, value);
    }
}
