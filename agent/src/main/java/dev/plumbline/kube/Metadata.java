package dev.plumbline.kube;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;

import java.util.Map;

/**
 * Plumbline's marks on objects — the labels it stamps, the annotations a manifest or a person sets to steer it — and
 * null-safe reads of an object's labels and annotations. One place for the names, so that the render that stamps a
 * label, the watch that selects by it, the diff that checks it and the prune that trusts it cannot drift apart.
 */
public final class Metadata {

    /** Stamped on every applied object: {@code app.kubernetes.io/managed-by: plumbline}. */
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "plumbline";
    /** Stamped on every applied object: the environment it belongs to; the watch selects by it. */
    public static final String ENVIRONMENT_LABEL = "plumbline.dev/environment";
    /** Stamped on every applied object: the file in the repository it came from. */
    public static final String SOURCE_ANNOTATION = "plumbline.dev/source";
    /** {@code "true"} in Git or on the live object: never applied, compared or pruned. */
    public static final String IGNORE_ANNOTATION = "plumbline.dev/ignore";
    /** {@code "true"} on the manifest: take over an object another environment or tool owns. */
    public static final String ADOPT_ANNOTATION = "plumbline.dev/adopt";
    /** {@code disabled} on the live object: never pruned. */
    public static final String PRUNE_ANNOTATION = "plumbline.dev/prune";
    /** {@code "true"} on the manifest: an immutable field is changed by delete and re-create. */
    public static final String REPLACE_ANNOTATION = "plumbline.dev/replace";

    private Metadata() {
    }

    /** The object's labels, empty when it has none. */
    public static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    /** The object's annotations, empty when it has none. */
    public static Map<String, String> annotations(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    }

    /** The object's identity as the object states it ({@code apiVersion}, {@code kind}, its metadata). */
    public static ResourceKey key(GenericKubernetesResource object) {
        return ResourceKey.of(ResourceKey.groupOf(object.getApiVersion()), object.getKind(),
                object.getMetadata().getNamespace(), object.getMetadata().getName());
    }

    public static Map<String, String> labels(GenericKubernetesResource object) {
        return labels(object == null ? null : object.getMetadata());
    }

    public static Map<String, String> annotations(GenericKubernetesResource object) {
        return annotations(object == null ? null : object.getMetadata());
    }
}
