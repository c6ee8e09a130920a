package dev.plumbline.schedule.leader;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time fence both ways of owning share ({@link Leadership}'s one Lease, {@link Shards}' membership Lease): fresh
 * only while the Lease was renewed within {@code renew-deadline}, measured from the start of the last successful
 * renewal request (the renewTime it wrote is no later, so the fence never outlasts the Lease, even while the next
 * renewal hangs); and closed for good once shutdown starts. On a clock of nanoseconds the tests can drive.
 */
final class RenewalFence {

    private final long deadlineNanos;
    private final LongSupplier nanos;
    private volatile long renewedAt;
    private volatile boolean renewedOnce;
    private volatile String shutdown;

    RenewalFence(Duration renewDeadline, LongSupplier nanos) {
        this.deadlineNanos = renewDeadline.toNanos();
        this.nanos = nanos;
    }

    /** The Lease was renewed by a request started at {@code startedNanos}. */
    void renewed(long startedNanos) {
        renewedAt = startedNanos;
        renewedOnce = true;
    }

    /** Renewed within {@code renew-deadline}: the holder may act on what it holds. */
    boolean fresh() {
        return renewedOnce && nanos.getAsLong() - renewedAt < deadlineNanos;
    }

    /**
     * A renewal started at {@code startedNanos} comes after the fence had closed: others may have judged this agent
     * gone meanwhile. Ask before {@link #renewed}.
     */
    boolean lapsedBefore(long startedNanos) {
        return renewedOnce && startedNanos - renewedAt >= deadlineNanos;
    }

    /** Milliseconds between the last renewal and {@code startedNanos}. */
    long millisSinceRenewal(long startedNanos) {
        return (startedNanos - renewedAt) / 1_000_000;
    }

    /** Closes the fence for good: shutdown has started, nothing new may be written. */
    void shutdown(String reason) {
        shutdown = reason;
    }

    /** Why shutdown closed the fence; {@code null} while the agent runs. */
    String shutdownReason() {
        return shutdown;
    }
}
