package dev.plumbline.inventory;

import dev.plumbline.resource.ResourceKey;

import java.util.Objects;

/**
 * One applied object: its identity, and the apiVersion it was applied with (needed to address it for a prune after
 * its manifest, and so its apiVersion, left Git).
 */
public record InventoryEntry(ResourceKey key, String apiVersion) implements Comparable<InventoryEntry> {

    public InventoryEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        if (!ResourceKey.groupOf(apiVersion).equals(key.group())) {
            throw new IllegalArgumentException(key + ": apiVersion " + apiVersion + " is not in group '" + key.group() + "'");
        }
    }

    public static InventoryEntry of(String apiVersion, String kind, String namespace, String name) {
        return new InventoryEntry(ResourceKey.of(ResourceKey.groupOf(apiVersion), kind, namespace, name), apiVersion);
    }

    @Override
    public int compareTo(InventoryEntry o) {
        int byKey = key.compareTo(o.key);
        return byKey != 0 ? byKey : apiVersion.compareTo(o.apiVersion);
    }

    @Override
    public String toString() {
        return key + " (" + apiVersion + ")";
    }
}
