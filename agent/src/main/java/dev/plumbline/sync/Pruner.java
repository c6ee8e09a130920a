package dev.plumbline.sync;

import dev.plumbline.diff.VerdictCache;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.Tracking;
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
 * Deletes one inventory object that left Git, unless a per-object guard says no (DESIGN "Safety rules"): Plumbline's
 * own state, {@code plumbline.dev/prune: disabled}, {@code plumbline.dev/ignore: "true"}, a controller
 * ownerReference (its controller owns its life), a Namespace that still holds objects
 * ({@link NamespaceContents}). Deletion uses background propagation, then a GET confirms: gone is {@code pruned}
 * (the object may leave the inventory), still there with a {@code deletionTimestamp} is {@code pruning}.
 */
final class Pruner {

    static final String PRUNE_ANNOTATION = "plumbline.dev/prune";
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

    ChangeEntry prune(InventoryEntry entry, String environment, boolean dryRun) {
        try {
            return deleteUnlessGuarded(entry, environment, dryRun);
        } catch (KubernetesClientException e) {
            return entry(entry, Action.FAILED, ApiFailure.of(entry.key(), "prune", e).message());
        }
    }

    private ChangeEntry deleteUnlessGuarded(InventoryEntry entry, String environment, boolean dryRun) {
        ResourceKey key = entry.key();
        Optional<Resource<GenericKubernetesResource>> resource = resource(entry);
        if (resource.isEmpty()) {
            return entry(entry, Action.PRUNED, "already gone: the cluster no longer serves " + key.kind());
        }
        GenericKubernetesResource live = resource.get().get();
        if (live == null) {
            return entry(entry, Action.PRUNED, "already gone");
        }
        if (live.getMetadata().getDeletionTimestamp() != null) {
            return entry(entry, Action.PRUNING, "being deleted since " + live.getMetadata().getDeletionTimestamp());
        }
        Optional<String> guard = guard(key, live.getMetadata(), environment);
        if (guard.isPresent()) {
            return entry(entry, Action.SKIPPED, guard.get());
        }
        if (dryRun) {
            return entry(entry, Action.PRUNED, "dry run: would be deleted");
        }
        resource.get().withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        verdicts.invalidate(key);
        GenericKubernetesResource after = resource.get().get();
        return after == null ? entry(entry, Action.PRUNED, null)
                : entry(entry, Action.PRUNING, "deleted; waiting for finalizers or the garbage collector");
    }

    /** Why this live object must not be deleted, if so. */
    private Optional<String> guard(ResourceKey key, ObjectMeta meta, String environment) {
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        if (labels.containsKey(STATE_LABEL)) {
            return Optional.of("Plumbline's own state (" + STATE_LABEL + ": " + labels.get(STATE_LABEL) + ") is never pruned");
        }
        if ("disabled".equals(annotations.get(PRUNE_ANNOTATION))) {
            return Optional.of("not pruned: " + PRUNE_ANNOTATION + ": disabled");
        }
        if ("true".equals(annotations.get(DesiredObject.IGNORE_ANNOTATION))) {
            return Optional.of("not pruned: " + DesiredObject.IGNORE_ANNOTATION + ": \"true\"");
        }
        String env = labels.get(Tracking.ENVIRONMENT_LABEL);
        if (env != null && !env.equals(environment)) {
            return Optional.of("not pruned: now labelled for environment " + env);
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

    private static ChangeEntry entry(InventoryEntry entry, Action action, String reason) {
        return ChangeEntry.of(entry.key(), entry.apiVersion(), action, reason);
    }
}
