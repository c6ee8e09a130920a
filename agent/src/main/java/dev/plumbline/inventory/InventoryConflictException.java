package dev.plumbline.inventory;

/**
 * Another writer changed the stored inventory since it was loaded (its resourceVersion is stale): re-load, re-apply
 * the change, save again — which is what {@link InventoryStore#update} does.
 */
public class InventoryConflictException extends InventoryException {

    public InventoryConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
