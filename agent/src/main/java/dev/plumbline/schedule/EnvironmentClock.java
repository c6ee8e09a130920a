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

    EnvironmentClock(ScheduleOptions options, MeterRegistry registry) {
        this.options = options;
        this.registry = registry;
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
        return now.plus(delay);
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
