package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;

/**
 * One change to a cached object, as delivered by its informer.
 *
 * @param type            what happened
 * @param key             the object, {@code Kind/namespace/name}
 * @param resourceVersion the object's resourceVersion after the change (for DELETED: the last one known)
 */
public record LiveEvent(Type type, ResourceKey key, String resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED }

    @Override
    public String toString() {
        return type + " " + key + "@" + resourceVersion;
    }
}
