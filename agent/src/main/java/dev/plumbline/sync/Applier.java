package dev.plumbline.sync;

import dev.plumbline.live.ApiErrors;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffEngine;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.IgnoredFields;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.diff.Verdict;
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
import java.util.Set;

/**
 * Applies one object: forced server-side apply as Plumbline's field manager, with ignored fields at their live value,
 * client-side ownership migrated, and a delete + re-create for an immutable field when the manifest allows it.
 * Outcomes are {@link ChangeEntry}s; only an unreachable API server throws.
 */
final class Applier {

    static final String REPLACE_ANNOTATION = "plumbline.dev/replace";
    private static final int MIGRATION_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final Discovery discovery;
    private final LiveObjects live;
    private final DiffEngine diff;
    private final SyncRequest request;
    private final Set<ResourceKey> namespacesCreated;

    Applier(KubernetesClient client, Discovery discovery, LiveObjects live, DiffEngine diff, SyncRequest request,
            Set<ResourceKey> namespacesCreated) {
        this.client = client;
        this.discovery = discovery;
        this.live = live;
        this.diff = diff;
        this.request = request;
        this.namespacesCreated = namespacesCreated;
    }

    /** The outcome of applying one planned object, plus the object the API server answered with ({@code null} on failure). */
    record Outcome(ChangeEntry entry, GenericKubernetesResource answer) {
    }

    Outcome apply(SyncPlan.Planned planned) {
        DesiredObject object = planned.object();
        ResourceKey key = object.key();
        Map<String, Object> body;
        try {
            body = withLiveIgnoredFields(object);
        } catch (IllegalArgumentException e) {
            return failed(object, key + " apply failed: " + e.getMessage());
        }
        try {
            boolean create = absent(planned);
            GenericKubernetesResource answer = serverSideApply(key, body);
            if (!request.options().dryRun() && FieldOwnership.needsMigration(answer)) {
                migrateOwnership(key, answer);
                answer = serverSideApply(key, body); // now owning those fields, the apply removes what Git dropped
            }
            remember(object, answer);
            return new Outcome(applied(planned, create ? Action.CREATED : Action.CONFIGURED, null), answer);
        } catch (KubernetesClientException e) {
            diff.cache().invalidate(key);
            return refused(planned, body, ApiFailure.of(key, "apply", e));
        }
    }

    private Outcome refused(SyncPlan.Planned planned, Map<String, Object> body, ApiFailure failure) {
        DesiredObject object = planned.object();
        if (failure.immutable() && "true".equals(object.annotation(REPLACE_ANNOTATION)) && !request.options().dryRun()) {
            return replace(planned, body, failure);
        }
        if (failure.code() == 404 && request.options().dryRun() && object.key().namespaced()
                && namespacesCreated.contains(ResourceKey.of("", "Namespace", null, object.key().namespace()))) {
            // A dry run creates no namespace, so its content cannot be validated in this run.
            return new Outcome(applied(planned, Action.CREATED, "dry run: namespace " + object.key().namespace()
                    + " is created by this sync, so the object was not validated"), null);
        }
        return failed(object, failure.message());
    }

    /**
     * {@code plumbline.dev/replace: "true"}: delete (background propagation, so dependents are collected by the
     * garbage collector rather than blocking), wait until it is gone, apply again.
     */
    private Outcome replace(SyncPlan.Planned planned, Map<String, Object> body, ApiFailure failure) {
        ResourceKey key = planned.object().key();
        try {
            resource(key, body).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            awaitGone(key, body, request.policy().sync().waitTimeout());
            GenericKubernetesResource answer = serverSideApply(key, body);
            remember(planned.object(), answer);
            return new Outcome(applied(planned, Action.CREATED, "replaced (" + REPLACE_ANNOTATION + ": \"true\"): "
                    + failure.message()), answer);
        } catch (KubernetesClientException e) {
            return failed(planned.object(), ApiFailure.of(key, "replace", e).message());
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
    private void remember(DesiredObject object, GenericKubernetesResource answer) {
        diff.applied(new DesiredInput(object.key(), object.apiVersion(), object.body()),
                request.policy().ignoreDifferences(), request.environment(), request.options().dryRun() ? null : answer);
    }

    private GenericKubernetesResource serverSideApply(ResourceKey key, Map<String, Object> body) {
        var apply = resource(key, body).dryRun(request.options().dryRun()).fieldManager(request.options().fieldManager());
        return apply.forceConflicts().serverSideApply();
    }

    /**
     * Rewrites managedFields in one JSON patch, guarded by the resourceVersion it was computed from. A controller
     * writing status in between fails the guard (422); the object is read again and the rewrite recomputed.
     */
    private void migrateOwnership(ResourceKey key, GenericKubernetesResource answer) {
        GenericKubernetesResource current = answer;
        for (int attempt = 1; ; attempt++) {
            var fields = FieldOwnership.migrated(current, request.options().fieldManager());
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
    private Map<String, Object> withLiveIgnoredFields(DesiredObject object) {
        List<IgnoreRule> rules = IgnoredFields.matching(request.policy().ignoreDifferences(), object.key());
        GenericKubernetesResource current = rules.isEmpty() ? null
                : live.get(object.key(), object.apiVersion()).orElse(null);
        Map<String, Object> body = IgnoredFields.keepLive(object.body(), current, rules);
        if (object.key().namespaced() && body.get("metadata") instanceof Map<?, ?> meta) {
            ((Map<String, Object>) meta).put("namespace", object.key().namespace());
        }
        return body;
    }

    /** Whether the apply creates the object: Missing says so; after an Error (e.g. a kind served only since this
     * sync's CRD) or without a verdict, one GET tells. */
    private boolean absent(SyncPlan.Planned planned) {
        DriftEntry verdict = planned.verdict();
        if (verdict != null && (verdict.status() == Verdict.Missing || verdict.status() == Verdict.Modified)) {
            return verdict.status() == Verdict.Missing;
        }
        try {
            return live.get(planned.object().key(), planned.object().apiVersion()).isEmpty();
        } catch (LiveException e) {
            return false; // only the word created/configured depends on it
        }
    }

    private ChangeEntry applied(SyncPlan.Planned planned, Action action, String reason) {
        ChangeEntry entry = ChangeEntry.of(planned.object().key(), planned.object().apiVersion(), action, reason);
        return action == Action.CONFIGURED ? entry.withTakenFrom(takenFrom(planned.verdict())) : entry;
    }

    /**
     * Who owned the fields the forced apply took: the diff's attribution of this cycle (managedFields), which costs
     * nothing. A non-forced dry-run's 409 would name them exactly but costs a call per object; the diff can make that
     * call itself ({@code DiffOptions.conflictProbe}).
     */
    private List<String> takenFrom(DriftEntry verdict) {
        if (verdict == null) {
            return List.of();
        }
        return verdict.changedBy().stream().filter(ChangedBy::known).map(ChangedBy::manager)
                .filter(m -> !m.equals(request.options().fieldManager())).distinct().toList();
    }

    private static Outcome failed(DesiredObject object, String message) {
        return new Outcome(ChangeEntry.of(object.key(), object.apiVersion(), Action.FAILED, message), null);
    }
}
