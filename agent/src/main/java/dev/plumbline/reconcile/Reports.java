package dev.plumbline.reconcile;

import dev.plumbline.diff.DiffResult;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How every run's {@link EnvironmentReport} is made, whichever run it is (a cycle, a sync, a check, a status, a
 * rollout's promotion): diffed against the live objects (or an environment-level Conflict when another source owns
 * it), finished with the gate, health and last sync, and on a failed fetch or render the last good report kept, marked
 * stale, with the error and its {@code file:line} problems.
 */
final class Reports {

    // the reconciler's log, as before the reports had a class of their own: operators filter on it
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final HeldInventory inventory;
    private final Convergence convergence;
    private final ReconcileMetrics metrics;
    private final VerdictRecords records;

    Reports(HeldInventory inventory, Convergence convergence, ReconcileMetrics metrics, VerdictRecords records) {
        this.inventory = inventory;
        this.records = records;
        this.convergence = convergence;
        this.metrics = metrics;
    }

    /** {@code rendered} diffed; {@code textual}, when given, receives both compared objects of every drifted object. */
    EnvironmentReport diff(EnvironmentState state, Snapshot snapshot, EnvironmentState.Rendered rendered,
                           Map<ResourceKey, DiffResult> textual) {
        long started = System.nanoTime();
        Optional<OwnershipConflict> conflict = inventory.ownership(state);
        if (conflict.isPresent()) {
            return EnvironmentReport.conflict(state.environment(), snapshot.revision(), Instant.now(), conflict.get().message());
        }
        state.live().verifyFollowing(); // a watch down and the API server silent: report the outage, not the cache
        records.seed(state); // the first diff of this run: what the last run confirmed needs no dry-run (decision 0047)
        var entries = state.drift().check(state, rendered.policy(), rendered.desired(), textual);
        EnvironmentReport report = EnvironmentReport.of(state.environment(), snapshot.revision(), Instant.now(), entries);
        metrics.checked(report, System.nanoTime() - started);
        return report;
    }

    /** {@code report} with the gate's {@code decision}, the health of what was rendered and the last sync; kept. */
    EnvironmentReport finish(EnvironmentState state, EnvironmentReport report, SyncDecision decision,
                             EnvironmentState.Rendered rendered) {
        EnvironmentControl c = convergence.control(state);
        return state.reported(report.withGate(new EnvironmentReport.Gate(decision.target(), decision.pending(),
                        c.pinnedRevision(), c.lastAppliedRevision(), decision.reason(), decision.policyChanges(),
                        decision.promotion()))
                .withHealth(convergence.health(state, rendered.desired())).withLastSync(state.lastSync()));
    }

    /** After a scheduled cycle or sync (never a read-only run): persists what it confirmed InSync, when that is new. */
    EnvironmentReport recorded(EnvironmentState state, EnvironmentReport report) {
        records.keep(state, report);
        return report;
    }

    /** Runs {@code step}; a failed fetch, render or API call keeps the last good report, marked stale. */
    EnvironmentReport guarded(EnvironmentState state, Supplier<EnvironmentReport> step) {
        try {
            return step.get();
        } catch (RenderException e) {
            return fail(state, e.getMessage(), e.problems().stream().map(RenderProblem::toString).toList());
        } catch (PlumblineException | KubernetesClientException e) {
            return fail(state, e.getMessage(), List.of());
        }
    }

    private EnvironmentReport fail(EnvironmentState state, String message, List<String> problems) {
        LOG.warn("{}: check failed, last good state kept: {}", state.environment(), message);
        problems.forEach(p -> LOG.warn("  {}", p));
        metrics.failed(state.environment());
        return state.failed(Instant.now(), message, problems);
    }
}
