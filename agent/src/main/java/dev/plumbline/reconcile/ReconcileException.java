package dev.plumbline.reconcile;

import dev.plumbline.resource.PlumblineException;

/** A reconcile step that failed for infrastructure reasons (the cluster, a timeout), not a per-object outcome. */
public class ReconcileException extends PlumblineException {

    public ReconcileException(String message) {
        super(message);
    }

    public ReconcileException(String message, Throwable cause) {
        super(message, cause);
    }
}
