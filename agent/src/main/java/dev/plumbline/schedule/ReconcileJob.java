package dev.plumbline.schedule;

import dev.plumbline.reconcile.Agent;
import io.micronaut.context.annotation.Prototype;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** One cycle of one environment. Quartz never runs two of the same environment at once. */
@Prototype
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    static final String ENVIRONMENT = "environment";
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileJob.class);

    private final Agent agent;
    private final PendingTriggers pending;
    private final List<EnvironmentRunListener> listeners;

    public ReconcileJob(Agent agent, PendingTriggers pending, List<EnvironmentRunListener> listeners) {
        this.agent = agent;
        this.pending = pending;
        this.listeners = listeners;
    }

    static dev.plumbline.history.Trigger trigger(String reason) {
        if (reason == null) {
            return dev.plumbline.history.Trigger.POLL;
        }
        return switch (reason) {
            case "webhook" -> dev.plumbline.history.Trigger.WEBHOOK;
            case "selfHeal" -> dev.plumbline.history.Trigger.SELF_HEAL;
            default -> dev.plumbline.history.Trigger.MANUAL;
        };
    }

    @Override
    public void execute(JobExecutionContext context) {
        String environment = context.getMergedJobDataMap().getString(ENVIRONMENT);
        String reason = pending.take(environment);
        LOG.debug("{}: cycle ({})", environment, reason == null ? "poll" : reason);
        if ("selfHeal".equals(reason) && agent.active().map(r -> !r.needsCycle(environment)).orElse(true)) {
            LOG.debug("{}: watch events were echoes of our own apply; no cycle", environment);
            return;
        }
        try {
            agent.active().map(r -> r.cycle(environment, trigger(reason))).ifPresent(report ->
                    listeners.forEach(l -> l.ran(environment, reason == null ? "poll" : reason, report)));
        } catch (RuntimeException e) {
            // The reconciler reports its own failures; anything reaching here is a bug, and must not kill the trigger.
            LOG.error("{}: reconcile cycle failed unexpectedly: {}", environment, e.toString(), e);
        }
    }
}
