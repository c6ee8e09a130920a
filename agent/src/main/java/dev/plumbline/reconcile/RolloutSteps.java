package dev.plumbline.reconcile;

import dev.plumbline.config.Rollout;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.rollout.Canary;
import dev.plumbline.rollout.RolloutStrategy;
import dev.plumbline.rollout.RolloutTarget;
import dev.plumbline.rollout.Strategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One look at each rollout in charge, after the pipeline (or when asked: promote, abort), and what its verdict needs:
 * a history entry per step; for a promotion the plain sync of the new revision, then the clean-up; for a rollback the
 * clean-up first (traffic back on stable at once), the revision marked failed, then the sync of the stable revision.
 */
final class RolloutSteps {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutSteps.class);

    /** A plain sync of {@code revision} (no rollout shaping), recorded with trigger and note: the Reconciler's. */
    interface PlainSync {
        SyncOutcome run(EnvironmentState state, String revision, Trigger trigger, String note, Map<String, Integer> also);
    }

    /** What the looks need of the cycle: the revisions rendered, snapshots, and the sync. */
    record Cycle(Function<String, EnvironmentState.Rendered> renderAt, Function<String, Snapshot> at, PlainSync sync) {
    }

    private final Rollouts rollouts;
    private final Strategies strategies;
    private final Convergence convergence;
    private final Clock clock;

    RolloutSteps(Rollouts rollouts, Strategies strategies, Convergence convergence, Clock clock) {
        this.rollouts = rollouts;
        this.strategies = strategies;
        this.convergence = convergence;
        this.clock = clock;
    }

    /** Looks at every rollout in charge (and cleans up a finished one that was not); a sync's outcome replaces {@code outcome}. */
    SyncOutcome look(EnvironmentState state, SyncOutcome outcome, Cycle cycle) {
        String env = state.environment();
        if (!rollouts.known(env)) {
            return outcome;
        }
        rollouts.clearDue(env);
        markActive(state); // before a canary is created: a restart onto a revision without rollouts still finds it
        for (RolloutRecord record : List.copyOf(rollouts.records(env).values())) {
            if (record.active() || !record.cleanedUp()) {
                SyncOutcome synced = look(state, record, cycle);
                outcome = synced != null ? synced : outcome;
            }
        }
        markActive(state); // after the last one cleaned up: steady states and first syncs read no records again
        return outcome;
    }

    /**
     * Keeps the control state's {@code rolloutsActive} true while a rollout is active or not cleaned up. The control
     * state is already read by the cycle, so this writes only when a rollout begins and when the last one ends.
     */
    private void markActive(EnvironmentState state) {
        boolean pending = rollouts.records(state.environment()).values().stream().anyMatch(r -> r.active() || !r.cleanedUp());
        if (pending != convergence.control(state).rolloutsActive()) {
            convergence.updateControl(state, c -> c.withRolloutsActive(pending));
        }
    }

    private SyncOutcome look(EnvironmentState state, RolloutRecord record, Cycle cycle) {
        String env = state.environment();
        Rollout r = rollout(record, cycle);
        RolloutStrategy strategy = strategies.find(r.strategy()).orElseThrow();
        RolloutTarget target = rollouts.target(state, r, record, cycle.renderAt());
        if (!record.active()) {
            return record.phase() == RolloutRecord.Phase.Promoted ? promote(state, target, strategy, record, record.message(), cycle)
                    : cleanedUp(state, target, strategy, record);
        }
        RolloutStrategy.Look look = strategy.look(target, record, clock.instant());
        RolloutRecord next = look.record();
        switch (look.verdict()) {
            case PROMOTE -> {
                return promote(state, target, strategy, next, "every step passed", cycle);
            }
            case ROLL_BACK -> {
                return rollBack(state, target, strategy, next, next.message(), cycle);
            }
            case ADVANCED -> {
                next = rollouts.save(env, next);
                LOG.info("{}: rollout {}: {}", env, r.name(), next.message());
                convergence.recordRollout(state, cycle.at().apply(next.canaryRevision()), SyncResult.SUCCEEDED,
                        Map.of("configured", 2), "rollout " + r.name() + ": " + next.message());
            }
            default -> next = rollouts.save(env, next);
        }
        rollouts.looked(env, r, next);
        return null;
    }

    /** Someone promoted or aborted the rollout in charge: as if its last step passed, or a check failed. */
    SyncOutcome decide(EnvironmentState state, RolloutRecord record, boolean promote, Cycle cycle) {
        Rollout r = rollout(record, cycle);
        RolloutStrategy strategy = strategies.find(r.strategy()).orElseThrow();
        RolloutTarget target = rollouts.target(state, r, record, cycle.renderAt());
        String where = where(r, record);
        return promote ? promote(state, target, strategy, record, "by request at " + where, cycle)
                : rollBack(state, target, strategy, record, "aborted by request at " + where, cycle);
    }

    /** The last step passed (or someone promoted): the new revision plainly, then the canary goes. */
    SyncOutcome promote(EnvironmentState state, RolloutTarget target, RolloutStrategy strategy, RolloutRecord record,
                        String why, Cycle cycle) {
        String env = state.environment();
        RolloutRecord done = rollouts.save(env, record.withPhase(RolloutRecord.Phase.Promoted, "promoted: " + why));
        SyncOutcome out = cycle.sync().run(state, record.canaryRevision(), Trigger.ROLLOUT,
                "rollout " + record.name() + " promoted (" + why + ")", Map.of("pruned", 1));
        if (out.changeSet() == null || out.changeSet().failed()) {
            // the stable Deployment may hold no pod yet: the canary keeps serving until a sync of it succeeds
            LOG.warn("{}: rollout {}: the promotion's sync did not succeed; the canary stays until it does", env, record.name());
            return out;
        }
        cleanedUp(state, target, strategy, done);
        LOG.info("{}: rollout {} promoted {} ({})", env, record.name(), record.canaryRevision(), why);
        return out;
    }

    /** A check failed (or someone aborted): the canary goes at once, the revision is marked failed, stable is synced. */
    SyncOutcome rollBack(EnvironmentState state, RolloutTarget target, RolloutStrategy strategy, RolloutRecord record,
                         String why, Cycle cycle) {
        String env = state.environment();
        RolloutRecord done = rollouts.save(env, record.withPhase(RolloutRecord.Phase.RolledBack, "rolled back: " + why));
        cleanedUp(state, target, strategy, done);
        convergence.updateControl(state, c -> c.withFailedRevision(record.canaryRevision()));
        String note = "rolled back from " + shortSha(record.canaryRevision()) + ": rollout " + record.name() + " " + why;
        LOG.warn("{}: {}", env, note);
        return cycle.sync().run(state, record.stableRevision(), Trigger.ROLLBACK, note, Map.of("pruned", 1));
    }

    private SyncOutcome cleanedUp(EnvironmentState state, RolloutTarget target, RolloutStrategy strategy, RolloutRecord record) {
        strategy.cleanUp(target, record);
        rollouts.save(state.environment(), record.withCleanedUp(true));
        rollouts.looked(state.environment(), target.rollout(), record);
        return null;
    }

    /** The rollout's policy as the revision being rolled out wrote it (a later commit may have dropped it). */
    private static Rollout rollout(RolloutRecord record, Cycle cycle) {
        return cycle.renderAt().apply(record.canaryRevision()).policy().rollout(record.name())
                .orElseThrow(() -> new ReconcileException("rollout " + record.name() + " look failed: revision "
                        + record.canaryRevision() + " no longer configures it"));
    }

    static String where(Rollout r, RolloutRecord record) {
        return Canary.where(r, record);
    }

    private static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
