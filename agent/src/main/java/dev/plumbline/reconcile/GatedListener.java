package dev.plumbline.reconcile;

import dev.plumbline.inventory.Inventory;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.sync.SyncListener;

/**
 * Asks the {@link WriteGate} at every progress point of a sync, then passes the event on. The sync engine treats an
 * exception from its listener as a stop where it stands (see {@link SyncListener}): after the inventory intent is
 * written, before each step of a wave, after each applied object, after each prune and at every look of a wait for
 * health (so a shutdown or a lost lease does not wait for a rollout). Each of those writes is one
 * request, so stopping between them never leaves a half-written object, inventory or history.
 */
final class GatedListener implements SyncListener {

    private final SyncListener delegate;
    private final WriteGate gate;
    private final String environment;
    private final String subject;

    GatedListener(SyncListener delegate, WriteGate gate, String environment, String subject) {
        this.delegate = delegate;
        this.gate = gate;
        this.environment = environment;
        this.subject = subject;
    }

    @Override
    public void wave(int index, int total, String description) {
        gate.check(environment, subject + " step " + index + " of " + total);
        delegate.wave(index, total, description);
    }

    @Override
    public void applied(ChangeEntry entry) {
        delegate.applied(entry);
        gate.check(environment, subject + " after " + entry.kind() + "/" + (entry.namespace() == null ? "" : entry.namespace() + "/") + entry.name());
    }

    @Override
    public void pruned(ChangeEntry entry) {
        delegate.pruned(entry);
        gate.check(environment, subject + " prune");
    }

    @Override
    public void waiting(ResourceKey key, String status) {
        gate.check(environment, subject + " waiting for " + key);
        delegate.waiting(key, status);
    }

    @Override
    public void inventoryWritten(Inventory inventory) {
        delegate.inventoryWritten(inventory);
        gate.check(environment, subject + " apply");
    }
}
