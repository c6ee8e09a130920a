package dev.plumbline.inventory;

import dev.plumbline.resource.PlumblineException;

/** The inventory could not be read or written. */
public class InventoryException extends PlumblineException {

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
