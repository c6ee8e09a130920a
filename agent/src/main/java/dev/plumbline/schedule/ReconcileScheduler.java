package dev.plumbline.schedule;

import dev.plumbline.config.AgentConfig;
import dev.plumbline.reconcile.Agent;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Starts one repeating Quartz job per environment at startup (first run at once), RAM job store; on shutdown waits
 * for running cycles to finish. A missed run (the previous cycle ran long) is coalesced into the next one.
 */
@Context
@Requires(property = "plumbline.schedule.enabled", notEquals = "false")
public class ReconcileScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileScheduler.class);

    private final Scheduler scheduler;
    private final PendingTriggers pending;
    private final Debounce debounce = new Debounce(java.time.Duration.ofMillis(300), env -> trigger(env, "selfHeal"));

    public ReconcileScheduler(Agent agent, AgentConfig.Repo repo, BeanJobFactory jobs, PendingTriggers pending) throws SchedulerException {
        this.pending = pending;
        Properties props = new Properties();
        props.setProperty("org.quartz.scheduler.instanceName", "plumbline");
        props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, agent.environments().size())));
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        this.scheduler = new StdSchedulerFactory(props).getScheduler();
        scheduler.setJobFactory(jobs);
        long intervalMs = repo.getPollInterval().toMillis();
        for (String env : agent.environments()) {
            scheduler.scheduleJob(
                    JobBuilder.newJob(ReconcileJob.class).withIdentity(env, "reconcile").usingJobData(ReconcileJob.ENVIRONMENT, env).build(),
                    TriggerBuilder.newTrigger().withIdentity(env, "reconcile").startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(intervalMs)
                                    .repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
                            .build());
        }
        scheduler.start();
        agent.active().ifPresent(r -> agent.environments().forEach(env ->
                r.onLiveChange(env, () -> debounce.request(env))));
        LOG.info("plumbline serve: {} environment(s) scheduled every {}", agent.environments().size(), repo.getPollInterval());
    }

    /**
     * Runs an environment's cycle as soon as possible (webhook, self-heal), coalesced: while one such run is pending,
     * further requests fold into it. Returns false when folded.
     */
    public boolean trigger(String environment, String reason) {
        if (!pending.request(environment, reason)) {
            return false;
        }
        try {
            scheduler.triggerJob(JobKey.jobKey(environment, "reconcile"));
            return true;
        } catch (SchedulerException e) {
            pending.cancel(environment);
            throw new IllegalStateException(environment + " trigger failed: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() throws SchedulerException {
        debounce.close();
        scheduler.shutdown(true);
    }
}
