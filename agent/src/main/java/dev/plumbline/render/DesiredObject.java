package dev.plumbline.render;

import dev.plumbline.resource.ResourceKey;

import java.util.Map;
import java.util.Objects;

/**
 * One object Git wants in the cluster.
 *
 * @param key        identity; {@code namespace} is filled in for namespaced objects and null for cluster-scoped ones
 * @param apiVersion as written ({@code apps/v1})
 * @param body       the whole object, deep-immutable (maps keep their key order; values are String, Long, Double,
 *                   Boolean, null, List or Map, as Kubernetes' own YAML reading yields them)
 * @param source     repository path of the file the object came from (for generated objects: the kustomization)
 * @param line       1-based line of the object in {@code source}, 0 when unknown
 */
public record DesiredObject(ResourceKey key, String apiVersion, Map<String, Object> body, String source, int line) {

    /** {@code plumbline.dev/ignore: "true"}: kept in the render, never applied or compared. */
    public static final String IGNORE_ANNOTATION = dev.plumbline.kube.Metadata.IGNORE_ANNOTATION;

    public DesiredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(apiVersion, "apiVersion");
        body = Values.freeze(body);
        source = source == null ? "" : source;
    }

    public DesiredObject(ResourceKey key, String apiVersion, Map<String, Object> body, String source) {
        this(key, apiVersion, body, source, 0);
    }

    public String kind() {
        return key.kind();
    }

    public String name() {
        return key.name();
    }

    public String namespace() {
        return key.namespace();
    }

    public Map<String, Object> metadata() {
        return Values.map(body.get("metadata"));
    }

    public String label(String name) {
        return Values.string(Values.map(metadata().get("labels")).get(name));
    }

    public String annotation(String name) {
        return Values.string(Values.map(metadata().get("annotations")).get(name));
    }

    /** True when the object carries {@code plumbline.dev/ignore: "true"}. */
    public boolean ignored() {
        return "true".equals(annotation(IGNORE_ANNOTATION));
    }

    /** {@code source:line}, or just {@code source} when the line is unknown. */
    public String location() {
        return line > 0 ? source + ":" + line : source;
    }

    @Override
    public String toString() {
        return key + " (" + location() + ")";
    }
}
