package dev.plumbline.engine;

import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.kube.Metadata;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.state.StateNamespace;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.util.Map;
import java.util.Optional;

/**
 * The engine's prune verb (flux: {@code ssa/manager_delete.go}). Deletes one inventory object that left Git, unless it is no longer the object Plumbline applied (DESIGN
 * "Ownership and trust") or a per-object guard says no (DESIGN "Safety rules").
 *
 * <p>Identity: the live object must have the UID recorded at apply time, still carry this environment's label, and
 * lie inside the current restrictions. Otherwise it is someone else's now (re-created under the same name, handed
 * over, or out of this environment's reach): {@code skipped}, and {@link Pruned#release released} from the
 * inventory, so it is never a prune candidate again. An entry without a UID (an inventory written before UIDs were
 * recorded, or intent whose apply never answered) is adopted only if the object carries our labels and its
 * managedFields show Plumbline's field manager with operation Apply.
 *
 * <p>Guards, which keep the object in the inventory: Plumbline's own state, {@code plumbline.dev/prune: disabled},
 * {@code plumbline.dev/ignore: "true"}, a controller ownerReference (its controller owns its life), a Namespace that
 * still holds objects ({@link NamespaceContents}). Deletion uses background propagation, then a GET
 * confirms: gone is {@code pruned} (the object may leave the inventory), still there with a
 * {@code deletionTimestamp} is {@code pruning}. A deleted object's verdict leaves the cache.
 */
final class Pruner {

    static final String PRUNE_ANNOTATION = Metadata.PRUNE_ANNOTATION;
    static final String STATE_LABEL = StateNamespace.STATE;

    private final KubernetesClient client;
    private final Discovery discovery;
    private final VerdictCache verdicts;
    private final NamespaceContents contents;

    Pruner(KubernetesClient client, Discovery discovery, VerdictCache verdicts) {
        this.client = client;
        this.discovery = discovery;
        this.verdicts = verdicts;
        this.contents = new NamespaceContents(client, discovery);
    }

    Pruned prune(InventoryEntry entry, PruneRequest request) {
        try {
            return deleteUnlessGuarded(entry, request);
        } catch (KubernetesClientException e) {
            return keep(entry, Pruned.Result.FAILED, ApiFailure.of(entry.key(), "prune", e).message());
        }
    }

    private Pruned deleteUnlessGuarded(InventoryEntry entry, PruneRequest request) {
        String environment = request.environment();
        ResourceKey key = entry.key();
        Optional<Resource<GenericKubernetesResource>> resource = resource(entry);
        if (resource.isEmpty()) {
            return keep(entry, Pruned.Result.PRUNED, "already gone: the cluster no longer serves " + key.kind());
        }
        GenericKubernetesResource live = resource.get().get();
        if (live == null) {
            return keep(entry, Pruned.Result.PRUNED, "already gone");
        }
        Optional<String> notOurs = PruneIdentity.mismatch(entry, live, environment, request.restrictions(),
                request.fieldManager());
        if (notOurs.isPresent()) {
            return new Pruned(entry.key(), entry.apiVersion(), Pruned.Result.SKIPPED, "not pruned: " + notOurs.get(), true);
        }
        if (live.getMetadata().getDeletionTimestamp() != null) {
            return keep(entry, Pruned.Result.PRUNING, "being deleted since " + live.getMetadata().getDeletionTimestamp());
        }
        Optional<String> guard = guard(key, live.getMetadata(), environment);
        if (guard.isPresent()) {
            return keep(entry, Pruned.Result.SKIPPED, guard.get());
        }
        if (request.dryRun()) {
            return keep(entry, Pruned.Result.PRUNED, "dry run: would be deleted");
        }
        resource.get().withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        verdicts.invalidate(key);
        GenericKubernetesResource after = resource.get().get();
        return after == null || !live.getMetadata().getUid().equals(after.getMetadata().getUid())
                ? keep(entry, Pruned.Result.PRUNED, null)
                : keep(entry, Pruned.Result.PRUNING, "deleted; waiting for finalizers or the garbage collector");
    }

    /** Why this live object must not be deleted, if so. */
    private Optional<String> guard(ResourceKey key, ObjectMeta meta, String environment) {
        Map<String, String> labels = Metadata.labels(meta);
        Map<String, String> annotations = Metadata.annotations(meta);
        if (labels.containsKey(STATE_LABEL)) {
            return Optional.of("Plumbline's own state (" + STATE_LABEL + ": " + labels.get(STATE_LABEL) + ") is never pruned");
        }
        if ("disabled".equals(annotations.get(PRUNE_ANNOTATION))) {
            return Optional.of("not pruned: " + PRUNE_ANNOTATION + ": disabled");
        }
        if ("true".equals(annotations.get(Metadata.IGNORE_ANNOTATION))) {
            return Optional.of("not pruned: " + Metadata.IGNORE_ANNOTATION + ": \"true\"");
        }
        var controller = meta.getOwnerReferences() == null ? Optional.<io.fabric8.kubernetes.api.model.OwnerReference>empty()
                : meta.getOwnerReferences().stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
        if (controller.isPresent()) {
            return Optional.of("not pruned: controlled by " + controller.get().getKind() + "/"
                    + (key.namespaced() ? key.namespace() + "/" : "") + controller.get().getName());
        }
        if (key.kind().equals("Namespace") && key.group().isEmpty()) {
            return contents.blocker(key.name(), environment)
                    .map(b -> "not pruned: Namespace/" + key.name() + " still holds " + b);
        }
        return Optional.empty();
    }

    /** The object's resource at the inventory's apiVersion, else at the version the cluster prefers for its kind. */
    private Optional<Resource<GenericKubernetesResource>> resource(InventoryEntry entry) {
        ResourceKey key = entry.key();
        Optional<ApiResource> kind = discovery.find(entry.apiVersion(), key.kind())
                .or(() -> discovery.preferred(key.group(), key.kind()));
        return kind.map(k -> {
            var op = client.genericKubernetesResources(k.context());
            return k.namespaced() ? op.inNamespace(key.namespace()).withName(key.name()) : op.withName(key.name());
        });
    }

    private static Pruned keep(InventoryEntry entry, Pruned.Result result, String reason) {
        return new Pruned(entry.key(), entry.apiVersion(), result, reason, false);
    }
}
