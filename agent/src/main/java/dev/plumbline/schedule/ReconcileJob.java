package dev.plumbline.schedule;

import dev.plumbline.history.Trigger;
import dev.plumbline.reconcile.Agent;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.schedule.leader.Leadership;
import io.micronaut.context.annotation.Prototype;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * One run of one environment: a full cycle on the leader, a read-only drift check on a follower. Then the next
 * scheduled run is placed (jitter, backoff). Quartz never runs two of the same environment at once.
 */
@Prototype
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    static final String ENVIRONMENT = "environment";
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJob.class);

    private final Agent agent;
    private final PendingTriggers pending;
    private final List<EnvironmentRunListener> listeners;
    private final Leadership leadership;
    private final EnvironmentClock clock;

    public ReconcileJob(Agent agent, PendingTriggers pending, List<EnvironmentRunListener> listeners, Leadership leadership,
                        EnvironmentClock clock) {
        this.agent = agent;
        this.pending = pending;
        this.listeners = listeners;
        this.leadership = leadership;
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
        boolean leader = leadership.isLeader();
        clock.started(environment, Instant.now());
        EnvironmentReport report = run(reconciler, environment, reason, leader);
        EnvironmentClock.Outcome outcome = leader && !leadership.open() ? EnvironmentClock.Outcome.ABORTED
                : report == null || report.error() != null ? EnvironmentClock.Outcome.FAILED : EnvironmentClock.Outcome.SUCCEEDED;
        Instant next = clock.ran(environment, outcome, Instant.now());
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
                if (clock.newTerm(environment, leadership.term())) {
                    reconciler.reload(environment); // another agent may have written since this one last led
                }
                report = reconciler.cycle(environment, trigger(reason));
            } else {
                reconciler.reload(environment);
                report = reconciler.check(environment);
            }
            listeners.forEach(l -> l.ran(environment, reason == null ? "poll" : reason, report));
            return report;
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            // The reconciler reports its own failures; anything reaching here is a bug, and must not kill the schedule.
            // Other Errors (OutOfMemoryError, InternalError) leave the JVM in doubt: they propagate, this environment's
            // next run is never placed, and liveness fails so that the pod restarts (the image also sets
            // -XX:+ExitOnOutOfMemoryError). The next cycle starts from a fresh process, not a half-dead one.
            LOG.error("{}: reconcile cycle failed unexpectedly: {}", environment, e.toString(), e);
            return null;
        }
    }
}
