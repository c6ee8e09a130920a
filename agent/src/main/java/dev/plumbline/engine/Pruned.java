package dev.plumbline.engine;

import dev.plumbline.resource.ResourceKey;

import java.util.Objects;

/**
 * What the prune verb decided for one inventory object: data, not an exception.
 *
 * @param reason  why, in words ({@code null} when the result says it all)
 * @param release the object is no longer the one Plumbline applied (DESIGN "Ownership and trust"): it leaves the
 *                inventory although it was not deleted
 */
public record Pruned(ResourceKey key, String apiVersion, Result result, String reason, boolean release) {

    /** The prune's outcome; spelled like the sync's actions of the same name. */
    public enum Result {
        PRUNED, PRUNING, SKIPPED, FAILED
    }

    public Pruned {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
    }

    /** Deleted (or already gone), or no longer ours: either way no longer the inventory's. */
    public boolean leavesInventory() {
        return release || result == Result.PRUNED;
    }
}
