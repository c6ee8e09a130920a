package dev.plumbline.engine;

import dev.plumbline.live.ApiErrors;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.IgnoredFields;
import dev.plumbline.diff.Verdict;
import dev.plumbline.kube.Metadata;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveException;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The engine's apply verb (flux: {@code ssa/manager_apply.go}). Applies one object: forced server-side apply as Plumbline's field manager, with ignored fields at their live value,
 * client-side ownership migrated, and a delete + re-create for an immutable field when the manifest allows it.
 * Outcomes are {@link Applied} data; only an unreachable API server throws. The apply's answer goes into the
 * verdict cache, so the check after a sync costs no dry-run for what it just applied.
 */
final class Applier {

    static final String REPLACE_ANNOTATION = Metadata.REPLACE_ANNOTATION;
    private static final int MIGRATION_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final Discovery discovery;
    private final Differ diff;

    Applier(KubernetesClient client, Discovery discovery, Differ diff) {
        this.client = client;
        this.discovery = discovery;
        this.diff = diff;
    }

    /** @param verdict this cycle's verdict of the object, {@code null} when there is none */
    Applied apply(DesiredObject object, DriftEntry verdict, ApplyRequest request) {
        ResourceKey key = object.key();
        Map<String, Object> body;
        try {
            body = withLiveIgnoredFields(object, request);
        } catch (IllegalArgumentException e) {
            return failed(object, key + " apply failed: " + e.getMessage());
        }
        try {
            boolean create = absent(object, verdict, request.live());
            GenericKubernetesResource answer = serverSideApply(key, body, request);
            if (!request.dryRun() && FieldOwnership.needsMigration(answer)) {
                migrateOwnership(key, answer, request.fieldManager());
                answer = serverSideApply(key, body, request); // now owning those fields, the apply removes what Git dropped
            }
            remember(object, answer, request);
            return applied(object, verdict, create ? Applied.Result.CREATED : Applied.Result.CONFIGURED, null, answer,
                    request);
        } catch (KubernetesClientException e) {
            diff.cache().invalidate(key);
            return refused(object, verdict, body, ApiFailure.of(key, "apply", e), request);
        }
    }

    private Applied refused(DesiredObject object, DriftEntry verdict, Map<String, Object> body, ApiFailure failure,
                            ApplyRequest request) {
        if (failure.immutable() && "true".equals(object.annotation(REPLACE_ANNOTATION)) && !request.dryRun()) {
            return replace(object, verdict, body, failure, request);
        }
        if (failure.code() == 404 && request.dryRun() && object.key().namespaced()
                && request.namespacesCreated().contains(ResourceKey.of("", "Namespace", null, object.key().namespace()))) {
            // A dry run creates no namespace, so its content cannot be validated in this run.
            return applied(object, verdict, Applied.Result.CREATED, "dry run: namespace " + object.key().namespace()
                    + " is created by this sync, so the object was not validated", null, request);
        }
        return failed(object, failure.message());
    }

    /**
     * {@code plumbline.dev/replace: "true"}: delete (background propagation, so dependents are collected by the
     * garbage collector rather than blocking), wait until it is gone, apply again.
     */
    private Applied replace(DesiredObject object, DriftEntry verdict, Map<String, Object> body, ApiFailure failure,
                            ApplyRequest request) {
        ResourceKey key = object.key();
        try {
            resource(key, body).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            awaitGone(key, body, request.replaceTimeout());
            GenericKubernetesResource answer = serverSideApply(key, body, request);
            remember(object, answer, request);
            return applied(object, verdict, Applied.Result.CREATED, "replaced (" + REPLACE_ANNOTATION + ": \"true\"): "
                    + failure.message(), answer, request);
        } catch (KubernetesClientException e) {
            return failed(object, ApiFailure.of(key, "replace", e).message());
        }
    }

    private void awaitGone(ResourceKey key, Map<String, Object> body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (resource(key, body).get() != null) {
            if (System.nanoTime() > deadline) {
                throw new KubernetesClientException(key + " is still there " + timeout + " after its deletion", 409, null);
            }
            Polling.pause();
        }
    }

    /** The apply's answer is the object as it now is: the next diff of it needs no dry-run (none after a dry run). */
    private void remember(DesiredObject object, GenericKubernetesResource answer, ApplyRequest request) {
        diff.applied(new DesiredInput(object.key(), object.apiVersion(), object.body()),
                request.ignoreDifferences(), request.environment(), request.dryRun() ? null : answer);
    }

    private GenericKubernetesResource serverSideApply(ResourceKey key, Map<String, Object> body, ApplyRequest request) {
        var apply = resource(key, body).dryRun(request.dryRun()).fieldManager(request.fieldManager());
        return apply.forceConflicts().serverSideApply();
    }

    /**
     * Rewrites managedFields in one JSON patch, guarded by the resourceVersion it was computed from. A controller
     * writing status in between fails the guard (422); the object is read again and the rewrite recomputed.
     */
    private void migrateOwnership(ResourceKey key, GenericKubernetesResource answer, String fieldManager) {
        GenericKubernetesResource current = answer;
        for (int attempt = 1; ; attempt++) {
            var fields = FieldOwnership.migrated(current, fieldManager);
            if (fields.isEmpty()) {
                return;
            }
            List<Map<String, Object>> patch = List.of(
                    Map.of("op", "test", "path", "/metadata/resourceVersion", "value",
                            current.getMetadata().getResourceVersion()),
                    Map.of("op", "replace", "path", "/metadata/managedFields", "value", fields.get()));
            try {
                resource(key, Normalizer.toMap(current)).patch(PatchContext.of(PatchType.JSON),
                        client.getKubernetesSerialization().asJson(patch));
                return;
            } catch (KubernetesClientException e) {
                if (attempt == MIGRATION_ATTEMPTS || (e.getCode() != 409 && e.getCode() != 422)) {
                    throw new KubernetesClientException(key + " field ownership migration failed: " + ApiErrors.describe(e),
                            e.getCode(), e.getStatus());
                }
                current = resource(key, Normalizer.toMap(current)).get();
                if (current == null) {
                    return;
                }
            }
        }
    }

    private Resource<GenericKubernetesResource> resource(ResourceKey key, Map<String, Object> body) {
        ApiResource kind = discovery.find(String.valueOf(body.get("apiVersion")), key.kind()).orElseThrow(() ->
                new KubernetesClientException(key + " is of a kind the cluster does not serve ("
                        + body.get("apiVersion") + ")", 404, null));
        var op = client.genericKubernetesResources(kind.context());
        GenericKubernetesResource resource = Normalizer.toResource(body);
        return kind.namespaced() ? op.inNamespace(key.namespace()).resource(resource) : op.resource(resource);
    }

    /** The manifest with namespace filled in and ignoreDifferences fields at their live value (never dropped: an apply
     * without them would reset them). The live object is read only when a rule matches. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withLiveIgnoredFields(DesiredObject object, ApplyRequest request) {
        List<IgnoreRule> rules = IgnoredFields.matching(request.ignoreDifferences(), object.key());
        GenericKubernetesResource current = rules.isEmpty() ? null
                : request.live().get(object.key(), object.apiVersion()).orElse(null);
        Map<String, Object> body = IgnoredFields.keepLive(object.body(), current, rules);
        if (object.key().namespaced() && body.get("metadata") instanceof Map<?, ?> meta) {
            ((Map<String, Object>) meta).put("namespace", object.key().namespace());
        }
        return body;
    }

    /** Whether the apply creates the object: Missing says so; after an Error (e.g. a kind served only since this
     * sync's CRD) or without a verdict, one GET tells. */
    private static boolean absent(DesiredObject object, DriftEntry verdict, LiveObjects live) {
        if (verdict != null && (verdict.status() == Verdict.Missing || verdict.status() == Verdict.Modified)) {
            return verdict.status() == Verdict.Missing;
        }
        try {
            return live.get(object.key(), object.apiVersion()).isEmpty();
        } catch (LiveException e) {
            return false; // only the word created/configured depends on it
        }
    }

    private static Applied applied(DesiredObject object, DriftEntry verdict, Applied.Result result, String reason,
                                   GenericKubernetesResource answer, ApplyRequest request) {
        List<String> takenFrom = result == Applied.Result.CONFIGURED ? takenFrom(verdict, request.fieldManager()) : List.of();
        return new Applied(object.key(), object.apiVersion(), result, reason, takenFrom, answer);
    }

    /**
     * Who owned the fields the forced apply took: the diff's attribution of this cycle (managedFields), which costs
     * nothing. A non-forced dry-run's 409 would name them exactly but costs a call per object; the diff can make that
     * call itself ({@code DiffOptions.conflictProbe}).
     */
    private static List<String> takenFrom(DriftEntry verdict, String fieldManager) {
        if (verdict == null) {
            return List.of();
        }
        return verdict.changedBy().stream().filter(ChangedBy::known).map(ChangedBy::manager)
                .filter(m -> !m.equals(fieldManager)).distinct().toList();
    }

    private static Applied failed(DesiredObject object, String message) {
        return Applied.failed(object.key(), object.apiVersion(), message);
    }
}
