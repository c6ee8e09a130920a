package dev.plumbline.resource;

/**
 * The one unchecked root exception. Typed subclasses live in the capability packages (source, render, ...).
 * Exceptions are for infrastructure failures; per-object outcomes are data.
 * Messages read {@code <subject> <step> failed: <cause>}.
 */
public class PlumblineException extends RuntimeException {

    public PlumblineException(String message) {
        super(message);
    }

    public PlumblineException(String message, Throwable cause) {
        super(message, cause);
    }
}
