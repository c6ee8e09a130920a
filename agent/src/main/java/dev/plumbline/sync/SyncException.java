package dev.plumbline.sync;

import dev.plumbline.resource.PlumblineException;

/** An infrastructure failure during a sync (the API server cannot be reached); per-object refusals are ChangeSet data. */
public class SyncException extends PlumblineException {

    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }

    public SyncException(String message) {
        super(message);
    }
}
