package dev.plumbline.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns objects into plain maps and removes what the server owns, so that only what an apply could change is
 * compared: {@code status} and the bookkeeping in {@code metadata}. Field order is kept as the server returned it.
 */
public final class Normalizer {

    /** Written by the API server on every write, never by an apply. */
    public static final Set<String> SERVER_METADATA = Set.of("managedFields", "resourceVersion", "generation", "uid",
            "creationTimestamp", "selfLink");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Normalizer() {
    }

    /** The object as a mutable map of maps, lists and scalars ({@code null} for {@code null}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(GenericKubernetesResource resource) {
        return resource == null ? null : SERIALIZATION.convertValue(resource, LinkedHashMap.class);
    }

    /** A map as a Fabric8 resource, e.g. to send it to the API server. */
    public static GenericKubernetesResource toResource(Map<String, Object> object) {
        return SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    }

    /** A deep copy without {@code status} and server-owned metadata. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> normalize(Map<String, Object> object) {
        Map<String, Object> copy = (Map<String, Object>) deepCopy(object);
        copy.remove("status");
        if (copy.get("metadata") instanceof Map<?, ?> meta) {
            SERVER_METADATA.forEach(meta::remove);
        }
        return copy;
    }

    /** A deep, mutable copy of a JSON-like tree; insertion order preserved. */
    public static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepCopy(v)));
            return copy;
        }
        return value;
    }

    /** {@code metadata.<field>} of an object map, or {@code null}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> metadataMap(Map<String, Object> object, String field) {
        Object meta = object == null ? null : object.get("metadata");
        Object value = meta instanceof Map<?, ?> m ? m.get(field) : null;
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** {@code metadata.<field>} of an object map as text, or {@code null}. */
    public static String metadataString(Map<String, Object> object, String field) {
        Object meta = object == null ? null : object.get("metadata");
        Object value = meta instanceof Map<?, ?> m ? m.get(field) : null;
        return value == null ? null : value.toString();
    }
}
