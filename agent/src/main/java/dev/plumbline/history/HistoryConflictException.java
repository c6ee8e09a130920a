package dev.plumbline.history;

/** Other writers kept changing the stored object: every optimistic-concurrency retry lost its race. */
public class HistoryConflictException extends HistoryException {

    public HistoryConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
