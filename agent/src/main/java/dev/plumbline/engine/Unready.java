package dev.plumbline.engine;

import dev.plumbline.resource.ResourceKey;

/** An object that did not become ready within the wait, and why ({@code Kind/ns/name is Degraded: ...}). */
public record Unready(ResourceKey key, String message) {
}
