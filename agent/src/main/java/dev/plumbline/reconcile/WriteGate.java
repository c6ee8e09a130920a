package dev.plumbline.reconcile;

/**
 * Whether this agent may write to the cluster now: apply, prune, inventory, history, gate state. With leader election
 * only the Lease holder may; during shutdown nobody may start anything new. The {@link Reconciler} asks before a sync
 * starts, between its objects and waves (through the sync's listener hooks) and before it records the sync, so a
 * leader that loses its Lease stops at the next object instead of finishing a sync another agent now owns.
 */
@FunctionalInterface
public interface WriteGate {

    /** A single agent without leader election: always open. */
    WriteGate ALWAYS = () -> null;

    /** {@code null} when writes are allowed, else why not, e.g. {@code "not the leader (Lease held by pod-b)"}. */
    String closedReason();

    default boolean open() {
        return closedReason() == null;
    }

    /** Throws {@link LeadershipLostException} naming {@code subject} when the gate is closed. */
    default void check(String subject) {
        String reason = closedReason();
        if (reason != null) {
            throw new LeadershipLostException(subject + " failed: " + reason);
        }
    }
}
