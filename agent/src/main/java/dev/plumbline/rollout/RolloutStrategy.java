package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.render.DesiredObject;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one strategy ({@code canary}, {@code blueGreen}) moves a Deployment from its stable pod template to a new one.
 * The pipeline ({@code reconcile.Rollouts}) owns the rollout's life: it decides when one starts (a new revision changes
 * a rolled-out Deployment's pod template), persists the {@link RolloutRecord} before anything is created, calls
 * {@link #shape} on every render while the rollout is active, {@link #look} once per cycle, and on the verdict syncs
 * the right revision (promotion: the new one, plainly; rollback: the stable one) after {@link #cleanUp}. A strategy
 * never waits for the interval: each call returns at once, and the schedule brings the next look.
 *
 * <p>A strategy plugs in by being listed in {@link Strategies}; until then {@code plumbline.yaml} naming it is a
 * policy error ("not supported yet"), so no half-built strategy is reachable.
 */
public interface RolloutStrategy {

    Rollout.Strategy kind();

    /**
     * Why this strategy cannot run {@code rollout} as configured (checked at render time with file:line), if so: e.g.
     * a router kind it does not drive.
     */
    default Optional<String> refuses(Rollout rollout) {
        return Optional.empty();
    }

    /**
     * The desired objects while {@code record} is active: the rolled-out objects as the rollout holds them (canary:
     * the Deployment keeps the stable template at the stable share), so what the pipeline applies and compares is
     * exactly what the rollout set, and nothing the rollout changed is reported as drift.
     */
    List<DesiredObject> shape(RolloutTarget target, RolloutRecord record, List<DesiredObject> desired);

    /**
     * One look, never blocking: make the live objects match the current step (create or resize what the step needs,
     * idempotently), measure, and decide. The returned record is persisted by the caller.
     */
    Look look(RolloutTarget target, RolloutRecord record, Instant now);

    /**
     * Removes what the rollout created (the canary, the preview) and gives every object it changed back to the stable
     * version's share. Idempotent: it also runs after a restart found a finished but not cleaned-up rollout.
     */
    void cleanUp(RolloutTarget target, RolloutRecord record);

    /** What a look decided. */
    enum Verdict {
        /** the step is held (interval not over, or inconclusive below the limit) */
        HOLD,
        /** the next step began (its objects already resized) */
        ADVANCED,
        /** the last step passed: sync the new revision plainly, then clean up */
        PROMOTE,
        /** an analysis failed (or stayed inconclusive too long): clean up at once, sync the stable revision */
        ROLL_BACK
    }

    /** @param record the rollout's state after the look (phase, step, analysis, message) */
    record Look(RolloutRecord record, Verdict verdict) {
    }
}
