package dev.plumbline.rollout.router;

import dev.plumbline.resource.PlumblineException;

/** A router write the API server refused, or a router that names what the render does not hold. */
public class RouterException extends PlumblineException {

    public RouterException(String message) {
        super(message);
    }

    public RouterException(String message, Throwable cause) {
        super(message, cause);
    }
}
