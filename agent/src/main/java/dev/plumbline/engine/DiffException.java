package dev.plumbline.engine;

/**
 * An infrastructure failure during a diff (the API server cannot be reached). Per-object outcomes, including the
 * API server rejecting a dry-run, are verdicts, not exceptions.
 */
public class DiffException extends EngineException {

    public DiffException(String message, Throwable cause) {
        super(message, cause);
    }
}
