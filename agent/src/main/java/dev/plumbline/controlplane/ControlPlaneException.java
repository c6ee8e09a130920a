package dev.plumbline.controlplane;

import dev.plumbline.resource.PlumblineException;

/**
 * The local control plane could not be located, started, probed or stopped. Messages read
 * {@code <subject> <step> failed: <cause>} and, when a process misbehaved, end with the tail of its log file,
 * because the log lives in the run directory, not on the test's stdout.
 */
public class ControlPlaneException extends PlumblineException {

    public ControlPlaneException(String message) {
        super(message);
    }

    public ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
