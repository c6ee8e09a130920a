package dev.plumbline.inventory;

/**
 * A stored inventory object cannot be decoded. Never read as an empty inventory: that would hide every orphan
 * from pruning without a word.
 */
public class InventoryCorruptException extends InventoryException {

    private final String object;

    public InventoryCorruptException(String environment, String object, String problem, Throwable cause) {
        super("Inventory " + environment + " load failed: " + object + " is corrupt: " + problem, cause);
        this.object = object;
    }

    /** The unreadable object, {@code ConfigMap/namespace/name}. */
    public String object() {
        return object;
    }
}
