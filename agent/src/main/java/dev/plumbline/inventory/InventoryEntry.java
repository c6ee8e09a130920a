package dev.plumbline.inventory;

import dev.plumbline.resource.ResourceKey;

import java.util.Objects;

/**
 * One applied object: its identity, the apiVersion it was applied with (needed to address it for a prune after
 * its manifest, and so its apiVersion, left Git), and the UID the API server answered the apply with.
 *
 * @param uid {@code metadata.uid} of the object Plumbline applied; {@code null} when not known yet (recorded as
 *            intent before the apply, or written by a release that did not record UIDs). Prune deletes only the
 *            object with this UID: a name re-created by someone else is another object.
 */
public record InventoryEntry(ResourceKey key, String apiVersion, String uid) implements Comparable<InventoryEntry> {

    public InventoryEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        if (!ResourceKey.groupOf(apiVersion).equals(key.group())) {
            throw new IllegalArgumentException(key + ": apiVersion " + apiVersion + " is not in group '" + key.group() + "'");
        }
    }

    public InventoryEntry(ResourceKey key, String apiVersion) {
        this(key, apiVersion, null);
    }

    public static InventoryEntry of(String apiVersion, String kind, String namespace, String name) {
        return new InventoryEntry(ResourceKey.of(ResourceKey.groupOf(apiVersion), kind, namespace, name), apiVersion);
    }

    public InventoryEntry withUid(String value) {
        return new InventoryEntry(key, apiVersion, value);
    }

    @Override
    public int compareTo(InventoryEntry o) {
        int byKey = key.compareTo(o.key);
        return byKey != 0 ? byKey : apiVersion.compareTo(o.apiVersion);
    }

    @Override
    public String toString() {
        return key + " (" + apiVersion + (uid == null ? "" : ", uid " + uid) + ")";
    }
}
