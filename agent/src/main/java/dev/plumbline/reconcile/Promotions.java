package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.inventory.OwnershipConflict;

import java.time.Clock;
import java.util.Optional;

/**
 * Reads what a promotion gate judges ({@link Soak#of}): the {@code after} environment's last applied revision and its
 * newest sync, both persisted in the state namespace (so an agent that restarts mid-soak judges as before), and its
 * health at this agent's last check. Only an environment of the same source counts: one another source owns ran that
 * source's commits, not this revision.
 */
final class Promotions {

    private final Environments environments;
    private final HeldInventory inventory;
    private final Convergence convergence;
    private final Clock clock;

    Promotions(Environments environments, HeldInventory inventory, Convergence convergence, Clock clock) {
        this.environments = environments;
        this.inventory = inventory;
        this.convergence = convergence;
        this.clock = clock;
    }

    /**
     * Where {@code revision} stands at {@code promotion}'s gate now. Reads the persisted state of {@code after} directly
     * (inventory owner, control state, history; no lock on its state, so two environments naming each other cannot
     * deadlock, they only wait): a few GETs per cycle, and only while a new head waits at the gate.
     */
    Soak judge(EnvironmentPolicy.Promotion promotion, String revision) {
        Optional<OwnershipConflict> conflict = inventory.conflictOf(promotion.after());
        if (conflict.isPresent()) {
            return Soak.of(promotion, revision, new Soak.Facts(null, null, null, null), clock.instant())
                    .because(promotion.after() + " is another source's: " + conflict.get().message());
        }
        EnvironmentControl control = convergence.persistedControl(promotion.after());
        SyncRecord latest = convergence.latestSync(promotion.after());
        String healthNow = environments.find(promotion.after()).map(EnvironmentState::report)
                .filter(r -> r.health() != null && r.revision() != null && revision.equals(r.revision().sha()))
                .map(r -> r.health().health().name()).orElse(null);
        return Soak.of(promotion, revision, new Soak.Facts(control.lastAppliedRevision(), control.updatedAt(), latest,
                healthNow), clock.instant());
    }
}
