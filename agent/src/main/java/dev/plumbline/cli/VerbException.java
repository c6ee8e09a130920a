package dev.plumbline.cli;

import dev.plumbline.resource.PlumblineException;

/** A verb's request failed: the agent answered an error, could not be reached, or its token could not be read. */
public class VerbException extends PlumblineException {

    public VerbException(String message) {
        super(message);
    }

    public VerbException(String message, Throwable cause) {
        super(message, cause);
    }
}
