package dev.plumbline.engine;

import java.util.concurrent.locks.LockSupport;

/** The pause between two looks at the API server while waiting for health or a deletion. */
final class Polling {

    static final long INTERVAL_NANOS = 250_000_000L;

    private Polling() {
    }

    static void pause() {
        LockSupport.parkNanos(INTERVAL_NANOS);
        if (Thread.currentThread().isInterrupted()) {
            throw new EngineException("sync interrupted while waiting");
        }
    }
}
