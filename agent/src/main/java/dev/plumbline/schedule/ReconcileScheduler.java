package dev.plumbline.schedule;

import dev.plumbline.reconcile.Agent;
import dev.plumbline.schedule.leader.LeaseElector;
import dev.plumbline.schedule.leader.Ownership;
import dev.plumbline.schedule.leader.ShardElector;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;

/**
 * One durable Quartz job per environment (RAM job store) and one one-shot "poll" trigger each, placed again after
 * every run ({@link ReconcileJob}): a repeating trigger cannot jitter per run or back off. Placing it after the run
 * also coalesces: whatever became due while a run was going (a poll, a burst of pushes) is one run afterwards, and a
 * webhook run postpones the next poll. On-demand runs ({@link #trigger}) fire at once, also during backoff.
 * Shutdown is graceful: see {@link #stop()}.
 */
@Context
@Requires(property = "plumbline.schedule.enabled", notEquals = "false")
public class ReconcileScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcileScheduler.class);
    private static final String GROUP = "reconcile";
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES = new java.util.concurrent.atomic.AtomicInteger();

    private final Scheduler scheduler;
    private final PendingTriggers pending;
    private final Ownership ownership;
    private final Optional<LeaseElector> elector;
    private final Optional<ShardElector> shards;
    private final ScheduleOptions options;
    private final Debounce debounce = new Debounce(Duration.ofMillis(300), env -> trigger(env, "selfHeal"));
    private volatile boolean stopping;

    public ReconcileScheduler(Agent agent, BeanJobFactory jobs, PendingTriggers pending, EnvironmentClock clock,
                              Ownership ownership, Optional<LeaseElector> elector, Optional<ShardElector> shards)
            throws SchedulerException {
        this.pending = pending;
        this.ownership = ownership;
        this.elector = elector;
        this.shards = shards;
        this.options = clock.options();
        this.scheduler = new StdSchedulerFactory(quartz(agent.environments().size())).getScheduler();
        scheduler.setJobFactory(jobs);
        for (String env : agent.environments()) {
            scheduler.addJob(JobBuilder.newJob(ReconcileJob.class).withIdentity(env, GROUP)
                    .usingJobData(ReconcileJob.ENVIRONMENT, env).storeDurably().build(), false);
            schedulePoll(scheduler, env, Instant.now()); // the first run at once
        }
        // A new leader (or an environment's new holder) converges at once instead of waiting for its next poll.
        ownership.onAcquired(acquired -> (acquired == null ? agent.environments() : java.util.List.of(acquired))
                .forEach(env -> trigger(env, "leader")));
        scheduler.start();
        agent.active().ifPresent(r -> agent.environments().forEach(env ->
                r.onLiveChange(env, () -> debounce.request(env))));
        LOG.info("plumbline serve: {} environment(s) scheduled every {} (± {}%, backoff up to {})", agent.environments().size(),
                options.interval(), Math.round(options.jitter() * 100), options.maxBackoff());
    }

    private static Properties quartz(int environments) {
        Properties props = new Properties();
        // Quartz shares schedulers by name within a JVM; two agents in one JVM (tests, the demo) need their own.
        props.setProperty("org.quartz.scheduler.instanceName", "plumbline-" + INSTANCES.incrementAndGet());
        props.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, environments)));
        props.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true"); // shutdown's grace bounds the wait
        props.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        props.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return props;
    }

    /**
     * Places the environment's next scheduled run at {@code at}, replacing the pending one. Fire-now on misfire: a
     * run that became due while another ran (or the JVM stalled) runs once, late, never several times.
     */
    static void schedulePoll(Scheduler scheduler, String environment, Instant at) {
        TriggerKey key = TriggerKey.triggerKey(environment, "poll");
        Trigger next = TriggerBuilder.newTrigger().withIdentity(key).forJob(JobKey.jobKey(environment, GROUP))
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            if (scheduler.isShutdown()) {
                return;
            }
            if (scheduler.rescheduleJob(key, next) == null) {
                scheduler.scheduleJob(next);
            }
        } catch (SchedulerException e) {
            LOG.error("{}: next run scheduling failed: {}", environment, e.getMessage(), e);
        }
    }

    /**
     * Runs an environment's cycle as soon as possible (webhook, self-heal, takeover), coalesced: while one such run is
     * pending, further requests fold into it. Returns false when folded, or when shutting down.
     */
    public boolean trigger(String environment, String reason) {
        if (stopping || !pending.request(environment, reason)) {
            return false;
        }
        try {
            scheduler.triggerJob(JobKey.jobKey(environment, GROUP));
            return true;
        } catch (SchedulerException e) {
            pending.cancel(environment);
            throw new IllegalStateException(environment + " trigger failed: " + e.getMessage(), e);
        }
    }

    /**
     * Graceful: no new runs; the write gate closes, so a running sync stops at its next object or wave (each object,
     * inventory and history write is one request, so nothing is left half-written) and records nothing; waits up to
     * {@code shutdown-grace} for running jobs; only then releases the Lease (sharded: every environment's Lease), so the next holder never overlaps a write.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        debounce.close();
        ownership.shutdown("the agent is shutting down");
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            LOG.warn("plumbline serve: scheduler standby failed: {}", e.getMessage());
        }
        Thread drain = new Thread(() -> {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("plumbline serve: scheduler shutdown failed: {}", e.getMessage());
            }
        }, "plumbline-shutdown");
        drain.setDaemon(true);
        drain.start();
        try {
            drain.join(options.shutdownGrace().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drain.isAlive()) {
            LOG.warn("plumbline serve: a run still going after {}; leaving it (it writes nothing more)", options.shutdownGrace());
        }
        elector.ifPresent(LeaseElector::close);
        shards.ifPresent(ShardElector::close);
    }
}
