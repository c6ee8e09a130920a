package dev.plumbline.engine;

import dev.plumbline.resource.PlumblineException;

/**
 * An infrastructure failure of the engine (the API server cannot be reached, the wait was interrupted); per-object
 * refusals are data (verdicts, {@link Applied}, {@link Pruned}), never exceptions.
 */
public class EngineException extends PlumblineException {

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    public EngineException(String message) {
        super(message);
    }
}
