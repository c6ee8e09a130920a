package dev.plumbline.rollout;

import dev.plumbline.resource.PlumblineException;

/** A rollout step could not talk to the API server; the cycle reports it and the next look tries again. */
public class RolloutException extends PlumblineException {

    public RolloutException(String message, Throwable cause) {
        super(message, cause);
    }
}
