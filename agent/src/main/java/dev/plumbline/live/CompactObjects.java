package dev.plumbline.live;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.util.Map;

/**
 * How the watch cache keeps an object small (docs/decisions/0046): every JSON tree of the object (its body:
 * {@code spec}, {@code status}, {@code data}, ...; labels and annotations; each {@code metadata.managedFields} entry's
 * {@code fieldsV1}) becomes a {@link CompactTree}, and repeated strings (apiVersion, kind, namespace, managers,
 * operations, the trees' keys and text values such as images or {@code ClusterFirst}) are interned. The
 * {@code fieldsV1} trees were the largest part of a cached object (two or three managers' field sets per Deployment,
 * as Jackson's {@code LinkedHashMap}s); they are kept, not dropped, because drift attribution, manager-based ignores,
 * pruning's identity check and the client-side ownership migration read them.
 *
 * <p>The object stays a {@link GenericKubernetesResource} equal to the one the API server sent (same fields, same
 * order, same JSON): every reader sees the same data. It is compacted before the store holds it, so no reader ever
 * sees it half-done. The compact trees are read-only, which cached objects always were.
 */
final class CompactObjects {

    private CompactObjects() {
    }

    /** {@code object}, compacted in place (it is the store's own, not yet shared); {@code null} stays {@code null}. */
    @SuppressWarnings("unchecked")
    static GenericKubernetesResource compact(GenericKubernetesResource object) {
        if (object == null) {
            return null;
        }
        object.setApiVersion(intern(object.getApiVersion()));
        object.setKind(intern(object.getKind()));
        object.setAdditionalProperties((Map<String, Object>) CompactTree.of(object.getAdditionalProperties()));
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            return object;
        }
        meta.setNamespace(intern(meta.getNamespace()));
        meta.setLabels(strings(meta.getLabels()));
        meta.setAnnotations(strings(meta.getAnnotations()));
        meta.setAdditionalProperties((Map<String, Object>) CompactTree.of(meta.getAdditionalProperties()));
        if (meta.getManagedFields() == null) {
            return object;
        }
        for (ManagedFieldsEntry entry : meta.getManagedFields()) {
            entry.setAdditionalProperties((Map<String, Object>) CompactTree.of(entry.getAdditionalProperties()));
            entry.setManager(intern(entry.getManager()));
            entry.setOperation(intern(entry.getOperation()));
            entry.setApiVersion(intern(entry.getApiVersion()));
            entry.setFieldsType(intern(entry.getFieldsType()));
            entry.setSubresource(intern(entry.getSubresource()));
            if (entry.getFieldsV1() != null) {
                compact(entry.getFieldsV1());
            }
        }
        return object;
    }

    @SuppressWarnings("unchecked")
    private static void compact(FieldsV1 fields) {
        fields.setAdditionalProperties((Map<String, Object>) CompactTree.of(fields.getAdditionalProperties()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(Map<String, String> map) {
        return map == null ? null : (Map<String, String>) (Map<String, ?>) CompactTree.of(map);
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /** An informer's item store that compacts every object it is given. */
    static final class Store extends BasicItemStore<GenericKubernetesResource> {

        Store() {
            super(Cache::metaNamespaceKeyFunc);
        }

        @Override
        public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
            return super.put(key, compact(object));
        }
    }
}
