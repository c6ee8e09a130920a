package dev.plumbline.history;

import dev.plumbline.resource.PlumblineException;

/** Sync history or environment control state could not be read or written. */
public class HistoryException extends PlumblineException {

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
