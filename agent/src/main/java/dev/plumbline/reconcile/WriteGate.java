package dev.plumbline.reconcile;

/**
 * Whether this agent may write an environment now: apply, prune, inventory, history, gate state. With leader election
 * only the Lease holder may; with sharding only the holder of that environment's Lease; during shutdown nobody may
 * start anything new. The {@link Reconciler} asks before a sync
 * starts, between its objects and waves (through the sync's listener hooks) and before it records the sync, so a
 * leader that loses its Lease stops at the next object instead of finishing a sync another agent now owns.
 */
@FunctionalInterface
public interface WriteGate {

    /** A single agent without leader election: always open. */
    WriteGate ALWAYS = environment -> null;

    /**
     * {@code null} when writes to {@code environment} are allowed, else why not, e.g.
     * {@code "not the leader (Lease held by pod-b)"}.
     */
    String closedReason(String environment);

    default boolean open(String environment) {
        return closedReason(environment) == null;
    }

    /** Throws {@link LeadershipLostException} naming {@code subject} when the gate of {@code environment} is closed. */
    default void check(String environment, String subject) {
        String reason = closedReason(environment);
        if (reason != null) {
            throw new LeadershipLostException(subject + " failed: " + reason);
        }
    }
}
