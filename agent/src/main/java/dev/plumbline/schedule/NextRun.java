package dev.plumbline.schedule;

import java.time.Duration;

/**
 * The arithmetic of the schedule, pure so it can be tested: the delay before an environment's next scheduled run.
 * Jitter spreads agents and environments that started together, so they do not hit Git and the API server in
 * lockstep; backoff keeps a broken environment (unreachable Git, a bad manifest) from retrying at full rate.
 */
final class NextRun {

    /** Beyond this, 2^failures only overflows: the cap has long been reached. */
    private static final int MAX_SHIFT = 30;

    private NextRun() {
    }

    /**
     * {@code min(interval × 2^failures, cap) × (1 ± jitter)}, never above the cap after a failure;
     * {@code random} is uniform in [0, 1). The cap is {@code max-backoff}, or the interval when that is longer.
     */
    static Duration delay(ScheduleOptions options, int failures, double random) {
        Duration base = backoff(options.interval(), failures, options.maxBackoff());
        double factor = 1 + options.jitter() * (2 * random - 1);
        long ms = Math.round(base.toMillis() * factor);
        if (failures > 0) {
            ms = Math.min(ms, cap(options.interval(), options.maxBackoff()).toMillis());
        }
        return Duration.ofMillis(Math.max(1, ms));
    }

    /** {@code min(interval × 2^failures, cap)} without jitter; the interval itself when nothing failed. */
    static Duration backoff(Duration interval, int failures, Duration maxBackoff) {
        if (failures <= 0) {
            return interval;
        }
        long cap = cap(interval, maxBackoff).toMillis();
        int shift = Math.min(failures, MAX_SHIFT);
        long ms = interval.toMillis() > (cap >> shift) ? cap : interval.toMillis() << shift;
        return Duration.ofMillis(Math.min(ms, cap));
    }

    private static Duration cap(Duration interval, Duration maxBackoff) {
        return maxBackoff.compareTo(interval) > 0 ? maxBackoff : interval;
    }
}
