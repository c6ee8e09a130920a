package dev.plumbline.reconcile;

import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.inventory.Owner;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.resource.PlumblineException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The inventory an environment's state holds: read when not held, then kept, because this agent is its only writer
 * (a sync hands back what it wrote; a leader handover forgets it, see {@link Reconciler#reload}). An inventory that
 * names another owner is read every time: that owner, not this agent, writes it, and an operator may release it.
 */
final class HeldInventory {

    private static final Logger LOG = LoggerFactory.getLogger(HeldInventory.class);

    private final InventoryStore store;
    private final Owner owner;

    HeldInventory(InventoryStore store, Owner owner) {
        this.store = store;
        this.owner = owner;
    }

    Owner owner() {
        return owner;
    }

    /** The conflict if another source owns the environment; reads the inventory if none is held or it is another's. */
    Optional<OwnershipConflict> ownership(EnvironmentState state) {
        if (state.inventory() == null || state.inventory().conflictWith(owner).isPresent()) {
            state.inventoryRead(store.load(state.environment()));
        }
        return state.inventory().conflictWith(owner);
    }

    /** Whether another source owns {@code environment}, read from the cluster (not held: no state of it is touched). */
    Optional<OwnershipConflict> conflictOf(String environment) {
        return store.load(environment).conflictWith(owner);
    }

    /** Reads the inventory ahead if none is held; a failure is left for the check to read again and report. */
    void readAhead(EnvironmentState state) {
        if (state.inventory() == null) {
            try {
                state.inventoryRead(store.load(state.environment()));
            } catch (PlumblineException | KubernetesClientException e) {
                LOG.debug("{}: inventory not read ahead, the check reads it: {}", state.environment(), e.toString());
            }
        }
    }
}
