package dev.plumbline.schedule;

import dev.plumbline.config.AgentConfig;

import java.time.Duration;

/**
 * When each environment runs ({@code plumbline.repo.poll-interval}, {@code plumbline.schedule.*}).
 *
 * @param interval      the poll interval between two scheduled runs of one environment
 * @param jitter        each scheduled run fires at {@code interval × (1 ± jitter)}, in [0, 1)
 * @param maxBackoff    the longest wait after consecutive failed cycles (never below {@code interval})
 * @param shutdownGrace how long shutdown waits for a running cycle to stop at its next object
 */
public record ScheduleOptions(Duration interval, double jitter, Duration maxBackoff, Duration shutdownGrace) {

    public ScheduleOptions {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("plumbline.repo.poll-interval must be positive, was " + interval);
        }
        if (jitter < 0 || jitter >= 1 || Double.isNaN(jitter)) {
            throw new IllegalArgumentException("plumbline.schedule.jitter must be in [0, 1), was " + jitter);
        }
        if (maxBackoff.isNegative()) {
            throw new IllegalArgumentException("plumbline.schedule.max-backoff must not be negative, was " + maxBackoff);
        }
    }

    public static ScheduleOptions defaults() {
        return new ScheduleOptions(Duration.ofSeconds(60), 0.1, Duration.ofMinutes(10), Duration.ofSeconds(20));
    }

    static ScheduleOptions of(AgentConfig.Repo repo, AgentConfig.Schedule schedule) {
        return new ScheduleOptions(repo.getPollInterval(), schedule.getJitter(), schedule.getMaxBackoff(), schedule.getShutdownGrace());
    }

    public ScheduleOptions withInterval(Duration value) {
        return new ScheduleOptions(value, jitter, maxBackoff, shutdownGrace);
    }

    public ScheduleOptions withJitter(double value) {
        return new ScheduleOptions(interval, value, maxBackoff, shutdownGrace);
    }

    public ScheduleOptions withMaxBackoff(Duration value) {
        return new ScheduleOptions(interval, jitter, value, shutdownGrace);
    }
}
