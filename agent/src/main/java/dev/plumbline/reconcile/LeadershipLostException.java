package dev.plumbline.reconcile;

/**
 * A write was refused or a sync aborted because this agent may not write any more: it is not (or no longer) the
 * Lease holder, or it is shutting down. Nothing after the point of the throw was written.
 */
public class LeadershipLostException extends ReconcileException {

    public LeadershipLostException(String message) {
        super(message);
    }
}
