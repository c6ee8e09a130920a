package dev.plumbline.resource;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * Identity of one Kubernetes object: API group (not version: one object is served under several versions),
 * kind, namespace ({@code null} for cluster-scoped objects) and name.
 */
public record ResourceKey(String group, String kind, String namespace, String name) implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator
            .comparing(ResourceKey::group)
            .thenComparing(ResourceKey::kind)
            .thenComparing(k -> k.namespace == null ? "" : k.namespace)
            .thenComparing(ResourceKey::name);

    public ResourceKey {
        group = group == null ? "" : group;
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    }

    public static ResourceKey of(String group, String kind, String namespace, String name) {
        return new ResourceKey(group, kind, namespace, name);
    }

    /** Key of a Kubernetes object given as a YAML/JSON map ({@code apiVersion}, {@code kind}, {@code metadata}). */
    @SuppressWarnings("unchecked")
    public static ResourceKey of(Map<String, Object> object) {
        Object meta = object.get("metadata");
        Map<String, Object> metadata = meta instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new ResourceKey(groupOf(String.valueOf(object.get("apiVersion"))), String.valueOf(object.get("kind")),
                (String) metadata.get("namespace"), String.valueOf(metadata.get("name")));
    }

    /** The group part of an apiVersion: {@code apps/v1 -> apps}, {@code v1 -> ""}. */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public boolean namespaced() {
        return namespace != null;
    }

    public ResourceKey withNamespace(String ns) {
        return new ResourceKey(group, kind, ns, name);
    }

    /** {@code Kind/namespace/name}, or {@code Kind/name} when cluster-scoped. */
    @Override
    public String toString() {
        return namespace == null ? kind + "/" + name : kind + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(ResourceKey o) {
        return ORDER.compare(this, o);
    }
}
