package dev.plumbline.engine;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Migration of client-side field ownership to Plumbline, so that a field removed from Git is really removed from an
 * object first created with {@code kubectl apply} or {@code kubectl create}.
 *
 * <p>Server-side apply removes a field only when the applier owns it and nobody else does
 * (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management). Fields written by
 * client-side {@code kubectl apply} belong to the manager {@code kubectl-client-side-apply} (operation Update), so a
 * forced apply from Git would take over what it sets but leave the rest in place forever. The upgrade path
 * Kubernetes documents (https://kubernetes.io/docs/reference/using-api/server-side-apply/#upgrading-from-client-side-apply-to-server-side-apply),
 * and implements in client-go's {@code csaupgrade} (kubernetes/kubernetes#112905), is to merge those managers'
 * field sets into the applier's Apply entry and drop theirs; the next apply then removes whatever Git no longer
 * sets. Flux does the same (fluxcd/pkg ssa, {@code PatchReplaceFieldsManagers}).
 */
final class FieldOwnership {

    /** Update managers whose fields become Plumbline's: client-side apply, objects older than managedFields, create. */
    static final Set<String> CLIENT_SIDE_MANAGERS = Set.of("kubectl-client-side-apply", "before-first-apply",
            "kubectl-create");

    private FieldOwnership() {
    }

    /** Whether {@code live} has main-resource fields owned by a client-side manager. */
    static boolean needsMigration(GenericKubernetesResource live) {
        return entries(live).stream().anyMatch(FieldOwnership::clientSide);
    }

    /**
     * The managedFields with every client-side entry folded into {@code fieldManager}'s Apply entry (created if
     * absent, at the client-side entry's apiVersion); empty when there is nothing to migrate.
     */
    static Optional<List<ManagedFieldsEntry>> migrated(GenericKubernetesResource live, String fieldManager) {
        List<ManagedFieldsEntry> entries = entries(live);
        if (entries.stream().noneMatch(FieldOwnership::clientSide)) {
            return Optional.empty();
        }
        List<ManagedFieldsEntry> out = new ArrayList<>();
        ManagedFieldsEntry apply = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        for (ManagedFieldsEntry e : entries) {
            if (clientSide(e)) {
                merge(fields, fieldsOf(e));
                if (apply == null) {
                    apply = applyEntry(fieldManager, e.getApiVersion());
                    out.add(apply);
                }
            } else if (fieldManager.equals(e.getManager()) && "Apply".equals(e.getOperation()) && isMain(e)) {
                merge(fields, fieldsOf(e));
                if (apply == null) {
                    apply = applyEntry(fieldManager, e.getApiVersion());
                    out.add(apply);
                }
            } else {
                out.add(e);
            }
        }
        FieldsV1 merged = new FieldsV1();
        fields.forEach(merged::setAdditionalProperty);
        apply.setFieldsV1(merged);
        return Optional.of(out);
    }

    private static ManagedFieldsEntry applyEntry(String fieldManager, String apiVersion) {
        ManagedFieldsEntry entry = new ManagedFieldsEntry();
        entry.setManager(fieldManager);
        entry.setOperation("Apply");
        entry.setApiVersion(apiVersion);
        entry.setFieldsType("FieldsV1");
        entry.setTime(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return entry;
    }

    private static boolean clientSide(ManagedFieldsEntry e) {
        return "Update".equals(e.getOperation()) && CLIENT_SIDE_MANAGERS.contains(e.getManager()) && isMain(e);
    }

    /** Entries of the main resource; a status subresource's fields are not the applier's to take. */
    private static boolean isMain(ManagedFieldsEntry e) {
        return e.getSubresource() == null || e.getSubresource().isEmpty();
    }

    private static List<ManagedFieldsEntry> entries(GenericKubernetesResource live) {
        if (live == null || live.getMetadata() == null || live.getMetadata().getManagedFields() == null) {
            return List.of();
        }
        return live.getMetadata().getManagedFields();
    }

    private static Map<String, Object> fieldsOf(ManagedFieldsEntry e) {
        return e.getFieldsV1() == null ? Map.of() : e.getFieldsV1().getAdditionalProperties();
    }

    /** Union of two field sets ({@code {"f:spec": {"f:replicas": {}}}}), into {@code target}. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> source) {
        source.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing instanceof Map<?, ?> e && value instanceof Map<?, ?> v) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) e);
                merge(copy, (Map<String, Object>) v);
                target.put(key, copy);
            } else if (value instanceof Map<?, ?> v) {
                Map<String, Object> copy = new LinkedHashMap<>();
                merge(copy, (Map<String, Object>) v);
                target.put(key, copy);
            } else {
                target.put(key, value);
            }
        });
    }
}
