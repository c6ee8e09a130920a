package dev.plumbline.schedule;

import dev.plumbline.history.Trigger;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.schedule.leader.Ownership;
import io.micronaut.context.annotation.Prototype;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * One run of one environment: a full cycle where this agent may write it (the leader; sharded, the holder of its
 * Lease), a read-only drift check on a follower, nothing on a replica that neither holds nor serves it (sharded: it
 * belongs to another replica). Then the next scheduled run is placed (jitter, backoff). Quartz never runs two of the
 * same environment at once.
 */
@Prototype
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    static final String ENVIRONMENT = "environment";
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJob.class);

    private final Agent agent;
    private final PendingTriggers pending;
    private final List<EnvironmentRunListener> listeners;
    private final Ownership ownership;
    private final EnvironmentClock clock;

    public ReconcileJob(Agent agent, PendingTriggers pending, List<EnvironmentRunListener> listeners, Ownership ownership,
                        EnvironmentClock clock) {
        this.agent = agent;
        this.pending = pending;
        this.listeners = listeners;
        this.ownership = ownership;
        this.clock = clock;
    }

    static Trigger trigger(String reason) {
        if (reason == null) {
            return Trigger.POLL;
        }
        return switch (reason) {
            case "webhook" -> Trigger.WEBHOOK;
            case "selfHeal" -> Trigger.SELF_HEAL;
            case "leader" -> Trigger.POLL; // a takeover converges as the schedule would
            default -> Trigger.MANUAL;
        };
    }

    @Override
    public void execute(JobExecutionContext context) {
        String environment = context.getMergedJobDataMap().getString(ENVIRONMENT);
        String reason = pending.take(environment);
        Reconciler reconciler = agent.active().orElse(null);
        if (reconciler == null) {
            return;
        }
        LOG.debug("{}: run ({})", environment, reason == null ? "poll" : reason);
        if ("selfHeal".equals(reason) && !reconciler.needsCycle(environment)) {
            LOG.debug("{}: watch events were echoes of our own apply; no cycle", environment);
            return;
        }
        boolean leader = ownership.writes(environment);
        if (!leader && !ownership.serves(environment)) {
            LOG.debug("{}: held by {}, not by this agent; no run", environment, ownership.owner(environment));
            placeNext(context, reconciler, environment, EnvironmentClock.Outcome.SUCCEEDED);
            return;
        }
        clock.started(environment, Instant.now());
        EnvironmentReport report = null;
        try {
            report = ownership.cycle(environment, () -> run(reconciler, environment, reason, leader));
        } catch (VirtualMachineError e) {
            // Any thread may have died with it (the HTTP client's selector, informers): later cycles would fail on
            // poisoned clients ("get failed: null", timeouts) while the process looks healthy. Liveness now fails,
            // so the pod restarts into a clean process.
            clock.fatal(environment + " cycle failed with " + e + "; the process must restart (run the JVM with "
                    + "-XX:+ExitOnOutOfMemoryError, as the image does, to end it at once)");
            throw e;
        } finally {
            // Also after an Error (an OutOfMemoryError where the JVM was not told to exit): the next run is placed,
            // so the environment is not silently dropped from the schedule while health checks answer 200, and that
            // run starts from nothing the failed one built.
            EnvironmentClock.Outcome outcome = leader && !ownership.open(environment) ? EnvironmentClock.Outcome.ABORTED
                    : report == null || report.error() != null ? EnvironmentClock.Outcome.FAILED
                    : EnvironmentClock.Outcome.SUCCEEDED;
            placeNext(context, reconciler, environment, outcome);
        }
    }

    private void placeNext(JobExecutionContext context, Reconciler reconciler, String environment,
                           EnvironmentClock.Outcome outcome) {
        Instant scheduled = clock.ran(environment, outcome, Instant.now());
        // a rollout in charge is looked at when its step's interval ends (and often enough to see a failing step),
        // not only at the poll interval; the cycle itself never waits for the interval
        Instant next = reconciler.rolloutControl().nextLook(environment).filter(scheduled::isAfter).orElse(scheduled);
        int failures = clock.failures(environment);
        reconciler.backoff(environment, failures == 0 ? null : new EnvironmentReport.Backoff(failures, next));
        if (failures > 0 && outcome == EnvironmentClock.Outcome.FAILED) {
            LOG.warn("{}: {} failed cycle(s) in a row; next scheduled run at {}", environment, failures, next);
        }
        ReconcileScheduler.schedulePoll(context.getScheduler(), environment, next);
    }

    /** The leader converges; a follower only compares, with the inventory the leader wrote read fresh. */
    private EnvironmentReport run(Reconciler reconciler, String environment, String reason, boolean leader) {
        try {
            EnvironmentReport report;
            if (leader) {
                if (clock.newTerm(environment, ownership.term(environment))) {
                    reconciler.reload(environment); // another agent may have written since this one last led
                }
                report = reconciler.cycle(environment, trigger(reason));
            } else {
                reconciler.reload(environment);
                report = reconciler.check(environment);
            }
            listeners.forEach(l -> l.ran(environment, reason == null ? "poll" : reason, report));
            return report;
        } catch (RuntimeException e) {
            if (vmError(e) != null) { // an OutOfMemoryError on a worker thread, wrapped on its way here
                throw vmError(e);
            }
            LOG.error("{}: reconcile cycle failed unexpectedly: {}", environment, e.toString(), e);
            return null;
        } catch (StackOverflowError | LinkageError | AssertionError e) {
            // The reconciler reports its own failures; anything reaching here is a bug, and must not kill the schedule.
            // Other Errors (OutOfMemoryError, InternalError) leave the JVM in doubt: they propagate to Quartz (the image
            // and chart set -XX:+ExitOnOutOfMemoryError, so an OOM ends the process and the pod restarts); the next
            // run is placed all the same, and a run that never ends fails liveness.
            LOG.error("{}: reconcile cycle failed unexpectedly: {}", environment, e.toString(), e);
            return null;
        }
    }

    private static VirtualMachineError vmError(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof VirtualMachineError e && !(e instanceof StackOverflowError)) {
                return e;
            }
        }
        return null;
    }
}
