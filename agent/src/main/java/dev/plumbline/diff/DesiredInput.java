package dev.plumbline.diff;

import dev.plumbline.resource.ResourceKey;

import java.util.Map;
import java.util.Objects;

/**
 * One desired object as the diff needs it.
 *
 * @param key        its identity (namespace already resolved)
 * @param apiVersion e.g. {@code apps/v1}
 * @param body       the full manifest, already carrying Plumbline's tracking labels and annotation; never modified
 */
public record DesiredInput(ResourceKey key, String apiVersion, Map<String, Object> body) {

    public DesiredInput {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(body, "body");
    }
}
