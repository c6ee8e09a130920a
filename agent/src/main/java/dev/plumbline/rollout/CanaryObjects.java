package dev.plumbline.rollout;

import dev.plumbline.kube.Metadata;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.render.DesiredObject;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects of a canary: the stable Deployment as the rollout holds it (stable template, stable share) and the
 * canary Deployment {@code <name>-canary} (new template, canary share, one more selector label so the two Deployments'
 * ReplicaSets never count each other's pods, while the Service's selector still reaches both).
 */
final class CanaryObjects {

    static final String FIELD_MANAGER = "plumbline";
    /** On the canary's pods and in its selector: which track a pod belongs to. */
    static final String TRACK = "plumbline.dev/rollout-track";
    /** On the canary Deployment: the rollout that owns it (and, with {@link #OF}, the only one that deletes it). */
    static final String ROLLOUT = "plumbline.dev/rollout";
    static final String OF = "plumbline.dev/rollout-of";

    private CanaryObjects() {
    }

    static String canaryName(String name) {
        return name + "-canary";
    }

    static int replicas(DesiredObject deployment) {
        Object spec = deployment.body().get("spec");
        Object r = spec instanceof Map<?, ?> m ? m.get("replicas") : null;
        return r instanceof Number n ? n.intValue() : 1;
    }

    /** The stable Deployment as a plain sync of the stable revision has it, at the stable share of {@code weight}. */
    @SuppressWarnings("unchecked")
    static DesiredObject stable(RolloutTarget target, int weight) {
        DesiredObject d = target.deployment();
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(d.body());
        Map<String, Object> spec = (Map<String, Object>) body.get("spec");
        Map<String, Object> stableSpec = (Map<String, Object>) target.stable().body().get("spec");
        spec.put("template", Normalizer.deepCopy(stableSpec.get("template")));
        spec.put("replicas", Shares.stable(replicas(d), weight));
        return new DesiredObject(d.key(), d.apiVersion(), body, d.source(), d.line());
    }

    /** The canary Deployment: the new revision's Deployment, renamed, its own track, at the canary share. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> canary(RolloutTarget target, int weight) {
        DesiredObject d = target.deployment();
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(d.body());
        Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
        meta.put("name", canaryName(d.name()));
        Map<String, Object> labels = new LinkedHashMap<>((Map<String, Object>) meta.getOrDefault("labels", Map.of()));
        labels.remove(Metadata.ENVIRONMENT_LABEL); // not the environment's: never watched, compared or pruned as such
        labels.put(ROLLOUT, target.name());
        labels.put(OF, target.environment());
        meta.put("labels", labels);
        Map<String, Object> spec = (Map<String, Object>) body.get("spec");
        spec.put("replicas", Shares.canary(replicas(d), weight));
        Map<String, Object> selector = (Map<String, Object>) spec.computeIfAbsent("selector", k -> new LinkedHashMap<>());
        ((Map<String, Object>) selector.computeIfAbsent("matchLabels", k -> new LinkedHashMap<>())).put(TRACK, "canary");
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        Map<String, Object> tmeta = (Map<String, Object>) template.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        ((Map<String, Object>) tmeta.computeIfAbsent("labels", k -> new LinkedHashMap<>())).put(TRACK, "canary");
        return body;
    }

    /** Both Deployments at the shares of {@code weight}; an unchanged object is a no-op for the API server. */
    static void apply(RolloutTarget target, int weight) {
        ssa(target, Normalizer.toResource(canary(target, weight)));
        ssa(target, Normalizer.toResource(stable(target, weight).body()));
    }

    private static void ssa(RolloutTarget target, GenericKubernetesResource object) {
        try {
            target.client().resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw new RolloutException(key(object) + " apply failed: " + e.getMessage(), e);
        }
    }

    static GenericKubernetesResource canary(RolloutTarget target) {
        try {
            return target.client().genericKubernetesResources("apps/v1", "Deployment").inNamespace(target.namespace())
                    .withName(canaryName(target.name())).get();
        } catch (KubernetesClientException e) {
            throw new RolloutException("Deployment/" + target.namespace() + "/" + canaryName(target.name()) + " get failed: "
                    + e.getMessage(), e);
        }
    }

    /** The canary's pods (none where no kubelet runs). */
    static List<Pod> pods(RolloutTarget target) {
        try {
            return target.client().pods().inNamespace(target.namespace()).withLabel(TRACK, "canary")
                    .withLabels(selectorOf(target)).list().getItems();
        } catch (KubernetesClientException e) {
            throw new RolloutException("Pods of Deployment/" + target.namespace() + "/" + canaryName(target.name())
                    + " list failed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> selectorOf(RolloutTarget target) {
        Map<String, Object> spec = (Map<String, Object>) target.deployment().body().get("spec");
        Object selector = spec.get("selector");
        Object match = selector instanceof Map<?, ?> s ? s.get("matchLabels") : null;
        Map<String, String> out = new LinkedHashMap<>();
        if (match instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }

    /** Deletes the canary Deployment (its pods go with it); gone already is fine. */
    static boolean delete(RolloutTarget target) {
        String name = canaryName(target.name());
        try {
            return !target.client().genericKubernetesResources("apps/v1", "Deployment").inNamespace(target.namespace())
                    .withName(name).delete().isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw new RolloutException("Deployment/" + target.namespace() + "/" + name + " delete failed: " + e.getMessage(), e);
        }
    }

    private static String key(GenericKubernetesResource o) {
        return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }
}
