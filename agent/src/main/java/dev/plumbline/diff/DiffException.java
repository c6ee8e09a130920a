package dev.plumbline.diff;

import dev.plumbline.resource.PlumblineException;

/**
 * An infrastructure failure during a diff (the API server cannot be reached). Per-object outcomes, including the
 * API server rejecting a dry-run, are verdicts, not exceptions.
 */
public class DiffException extends PlumblineException {

    public DiffException(String message, Throwable cause) {
        super(message, cause);
    }
}
