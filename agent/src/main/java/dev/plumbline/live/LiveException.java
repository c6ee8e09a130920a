package dev.plumbline.live;

import dev.plumbline.resource.PlumblineException;

/** The cluster cannot be reached, discovered or watched as needed. */
public class LiveException extends PlumblineException {

    public LiveException(String message) {
        super(message);
    }

    public LiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
