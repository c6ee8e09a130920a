package dev.plumbline.reconcile;

import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What becomes of a revision once it is out, asked for or not: the environment's rollouts listed (the API and the
 * CLI), one promoted or aborted on request, and a revision that turned Degraded rolled back
 * ({@code sync.rollbackOnDegraded}). Each runs under the environment's lock and syncs through the {@link Reconciler}'s
 * pipeline ({@link Pipeline}), so a promotion or a rollback is recorded and reported like any sync.
 */
public final class RolloutControl {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutControl.class);

    /** What this needs of the pipeline: the branch head, a cycle's syncs relative to it, a report without a sync. */
    interface Pipeline {
        Snapshot head();

        RolloutSteps.Cycle cycle(EnvironmentState state, Snapshot head);

        /** {@code snapshot} rendered, diffed and reported with the gate's decision at {@code head}; nothing synced. */
        SyncOutcome unsynced(EnvironmentState state, Snapshot head, Snapshot snapshot);
    }

    private final Environments environments;
    private final Rollouts rollouts;
    private final RolloutSteps steps;
    private final Convergence convergence;
    private final Pipeline pipeline;

    RolloutControl(Environments environments, Rollouts rollouts, RolloutSteps steps, Convergence convergence, Pipeline pipeline) {
        this.environments = environments;
        this.rollouts = rollouts;
        this.steps = steps;
        this.convergence = convergence;
        this.pipeline = pipeline;
    }

    /** The environment's rollouts as recorded in the cluster (running and finished), by name. */
    public List<RolloutRecord> list(String environment) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            return List.copyOf(rollouts.records(environment).values());
        }
    }

    /** When an active rollout of the environment wants its next look ({@code empty}: none runs): the schedule's hint. */
    public Optional<Instant> nextLook(String environment) {
        return rollouts.due(environment);
    }

    /**
     * Promotes (skips the remaining steps: the new revision plainly, the canary removed) or aborts (the canary removed,
     * the stable revision synced again, the new one marked failed) the rollout {@code name} now.
     *
     * @throws RolloutRequestException no such rollout (404), or it is not in charge (409)
     */
    public SyncOutcome decide(String environment, String name, boolean promote) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            RolloutRecord record = rollouts.records(environment).get(name);
            if (record == null) {
                throw new RolloutRequestException(404, "rollout " + environment + "/" + name + " " + (promote ? "promote" : "abort")
                        + " failed: no such rollout was recorded");
            }
            if (!record.active()) {
                throw new RolloutRequestException(409, "rollout " + environment + "/" + name + " " + (promote ? "promote" : "abort")
                        + " failed: it is " + record.phase() + ", not in charge");
            }
            Snapshot head = pipeline.head();
            return steps.decide(state, record, promote, pipeline.cycle(state, head));
        }
    }

    /**
     * {@code sync.rollbackOnDegraded}: the revision just synced turned Degraded; it is marked failed (a cycle does not
     * retry it) and the last applied revision, the last one that was healthy, is applied again (trigger rollback).
     * Called by the pipeline, under the environment's lock.
     */
    SyncOutcome rollBack(EnvironmentState state, Target failed, String degraded) {
        String bad = failed.snapshot().revision().sha();
        String good = convergence.control(state).lastAppliedRevision();
        convergence.updateControl(state, c -> c.withFailedRevision(bad));
        LOG.warn("{}: {} turned Degraded ({}): {}", state.environment(), failed.snapshot().revision().shortSha(), degraded,
                good == null ? "no earlier revision was applied, nothing to roll back to" : "rolled back to " + good);
        if (good == null) {
            return pipeline.unsynced(state, failed.head(), failed.snapshot());
        }
        return pipeline.cycle(state, failed.head()).sync().run(state, good, Trigger.ROLLBACK,
                "rolled back from " + failed.snapshot().revision().shortSha() + ": " + degraded, Map.of());
    }
}
