package dev.plumbline.schedule;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per environment: consecutive failed cycles (gauge {@code plumbline.cycle.consecutive.failures{environment}}) and
 * the leadership term of the last cycle. Decides when the next scheduled run fires ({@link NextRun}).
 */
public final class EnvironmentClock {

    /** How a run ended, as far as the schedule cares. */
    enum Outcome {
        /** The report has no error: backoff resets. */
        SUCCEEDED,
        /** The report carries an error (fetch, render, cluster): one more consecutive failure. */
        FAILED,
        /** Leadership was lost or shutdown began during the run: says nothing about the environment. */
        ABORTED
    }

    private final ScheduleOptions options;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> terms = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final Instant created = Instant.now();

    /**
     * Where an environment's runs stand: {@code running} since when (null: idle), and since when an idle environment
     * owes a run (the later of when its last run ended and when its next run was due: a backoff is not a hang).
     */
    record Progress(Instant running, Instant owedSince) {
    }

    EnvironmentClock(ScheduleOptions options, MeterRegistry registry) {
        this.options = options;
        this.registry = registry;
    }

    private volatile String fatal;

    /** The process is in doubt (a cycle ended with a {@link VirtualMachineError}); liveness fails from now on. */
    void fatal(String why) {
        fatal = why;
    }

    /** Why the process is in doubt, or null. */
    String fatal() {
        return fatal;
    }

    /** A run of {@code environment} begins. */
    void started(String environment, Instant now) {
        progress.compute(environment, (e, p) -> new Progress(now, p == null ? created : p.owedSince()));
    }

    /**
     * Liveness: why {@code environment} is stuck at {@code now}, or null. Stuck means a run has been going for longer
     * than {@code limit}, or no run has started for {@code limit} after one was due (the schedule stopped).
     */
    String stuck(String environment, Instant now, Duration limit) {
        Progress p = progress.getOrDefault(environment, new Progress(null, created));
        if (p.running() != null && p.running().plus(limit).isBefore(now)) {
            return "cycle running for " + Duration.between(p.running(), now).toSeconds() + " s, longer than " + limit;
        }
        if (p.running() == null && p.owedSince().plus(limit).isBefore(now)) {
            return "no cycle started for " + Duration.between(p.owedSince(), now).toSeconds() + " s since one was due, "
                    + "longer than " + limit;
        }
        return null;
    }

    /** {@code max(10 × poll interval, 10 min)}: how long a cycle may take before liveness fails. */
    Duration livenessLimit() {
        Duration tenPolls = options.interval().multipliedBy(10);
        return tenPolls.compareTo(Duration.ofMinutes(10)) > 0 ? tenPolls : Duration.ofMinutes(10);
    }

    ScheduleOptions options() {
        return options;
    }

    /** Records how the run ended; returns when the scheduled run should fire next. */
    Instant ran(String environment, Outcome outcome, Instant now) {
        AtomicInteger count = counter(environment);
        switch (outcome) {
            case SUCCEEDED -> count.set(0);
            case FAILED -> count.incrementAndGet();
            case ABORTED -> { }
        }
        Duration delay = NextRun.delay(options, count.get(), ThreadLocalRandom.current().nextDouble());
        Instant next = now.plus(delay);
        progress.put(environment, new Progress(null, next));
        return next;
    }

    int failures(String environment) {
        return counter(environment).get();
    }

    /** True once per new leadership term of this environment: what this agent remembers may be stale. */
    boolean newTerm(String environment, int term) {
        Integer previous = terms.put(environment, term);
        return previous == null || previous != term;
    }

    private AtomicInteger counter(String environment) {
        return failures.computeIfAbsent(environment, e -> {
            AtomicInteger value = new AtomicInteger();
            if (registry != null) {
                Gauge.builder("plumbline.cycle.consecutive.failures", value, AtomicInteger::get)
                        .description("failed cycles in a row; the schedule backs off exponentially while it is above 0")
                        .tag("environment", e).register(registry);
            }
            return value;
        });
    }
}
