package dev.plumbline.reconcile;

/** A promote or abort that cannot be done: {@link #status()} 404 (no such rollout) or 409 (not in charge). */
public class RolloutRequestException extends ReconcileException {

    private final int status;

    public RolloutRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
