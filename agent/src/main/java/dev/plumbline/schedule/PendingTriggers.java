package dev.plumbline.schedule;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces on-demand runs: while a run of an environment is requested but not yet started, further requests
 * (a burst of pushes, many watch events) are folded into it. The job clears the flag as it starts, so a change that
 * arrives during a run still gets a run of its own afterwards.
 */
@Singleton
public class PendingTriggers {

    private final Map<String, String> pending = new ConcurrentHashMap<>();

    /** True when this request starts a new pending run; false when one was already pending. */
    boolean request(String environment, String reason) {
        return pending.putIfAbsent(environment, reason) == null;
    }

    /** Called by the job as it starts: the reason of the pending request, or {@code null} for a scheduled run. */
    String take(String environment) {
        return pending.remove(environment);
    }

    /** Undo a request whose run could not be scheduled. */
    void cancel(String environment) {
        pending.remove(environment);
    }
}
