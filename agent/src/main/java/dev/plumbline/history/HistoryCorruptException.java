package dev.plumbline.history;

/**
 * A stored history or control object cannot be decoded. Never read as empty: an empty history would hide every past
 * sync, and an empty control state would silently drop a pin or an approval.
 */
public class HistoryCorruptException extends HistoryException {

    private final String object;

    public HistoryCorruptException(String subject, String object, String problem, Throwable cause) {
        super(subject + " load failed: " + object + " is corrupt: " + problem, cause);
        this.object = object;
    }

    /** The unreadable object, {@code ConfigMap/namespace/name}. */
    public String object() {
        return object;
    }
}
