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
 * The objects of a blue-green rollout: the preview Deployment {@code <name>-preview} (the new template at full size)
 * and the Service as the rollout points it. Equality selectors cannot exclude, so the preview's pods carry the
 * template's labels <em>minus the Service selector's keys</em>, plus {@code plumbline.dev/rollout} and
 * {@code plumbline.dev/rollout-track: preview}: Git's selector reaches only the old pods, the switched selector only the
 * preview's, and either switch is one write of the Service. No pod of the old version is touched (no restart).
 */
final class BlueGreenObjects {

    static final String PREVIEW = "preview";

    private BlueGreenObjects() {
    }

    static String previewName(String name) {
        return name + "-preview";
    }

    /** The Service's selector while the preview serves. */
    static Map<String, Object> previewSelector(RolloutTarget target) {
        return Tracks.selector(target, PREVIEW);
    }

    /** The stable Deployment as the rollout holds it until the switch is final: the stable template, Git's size. */
    @SuppressWarnings("unchecked")
    static DesiredObject stable(RolloutTarget target) {
        DesiredObject d = target.deployment();
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(d.body());
        Map<String, Object> stableSpec = (Map<String, Object>) target.stable().body().get("spec");
        ((Map<String, Object>) body.get("spec")).put("template", Normalizer.deepCopy(stableSpec.get("template")));
        return new DesiredObject(d.key(), d.apiVersion(), body, d.source(), d.line());
    }

    /** Git's Service with the preview's selector: the switch. */
    @SuppressWarnings("unchecked")
    static DesiredObject switched(RolloutTarget target) {
        DesiredObject s = target.service();
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(s.body());
        ((Map<String, Object>) body.get("spec")).put("selector", previewSelector(target));
        return new DesiredObject(s.key(), s.apiVersion(), body, s.source(), s.line());
    }

    /** The preview Deployment: the new revision's Deployment, renamed, its pods out of reach of Git's selector. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> preview(RolloutTarget target) {
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(target.deployment().body());
        Map<String, Object> meta = (Map<String, Object>) body.get("metadata");
        meta.put("name", previewName(target.name()));
        Map<String, Object> labels = new LinkedHashMap<>((Map<String, Object>) meta.getOrDefault("labels", Map.of()));
        labels.remove(Metadata.ENVIRONMENT_LABEL); // the rollout's, not the environment's: never drift, never pruned
        labels.put(CanaryObjects.ROLLOUT, target.name());
        labels.put(CanaryObjects.OF, target.environment());
        meta.put("labels", labels);
        Tracks.setApart(body, target, PREVIEW);
        return body;
    }

    static void applyPreview(RolloutTarget target) {
        ssa(target, Normalizer.toResource(preview(target)));
    }

    /** One write: the Service to the preview ({@code true}) or back to Git's selector. */
    static void route(RolloutTarget target, boolean toPreview) {
        ssa(target, Normalizer.toResource((toPreview ? switched(target) : target.service()).body()));
    }

    /** The stable Deployment at the new revision, as a plain sync applies it. */
    static void applyNewStable(RolloutTarget target) {
        ssa(target, Normalizer.toResource(target.deployment().body()));
    }

    static GenericKubernetesResource previewLive(RolloutTarget target) {
        return get(target, previewName(target.name()));
    }

    static GenericKubernetesResource stableLive(RolloutTarget target) {
        return get(target, target.name());
    }

    /** The preview's pods (none where no kubelet runs). */
    static List<Pod> pods(RolloutTarget target) {
        try {
            return target.client().pods().inNamespace(target.namespace()).withLabels(stringMap(previewSelector(target)))
                    .list().getItems();
        } catch (KubernetesClientException e) {
            throw new RolloutException("Pods of Deployment/" + target.namespace() + "/" + previewName(target.name())
                    + " list failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the preview Deployment (its pods go with it); gone already is fine. */
    static void deletePreview(RolloutTarget target) {
        String name = previewName(target.name());
        try {
            target.client().genericKubernetesResources("apps/v1", "Deployment").inNamespace(target.namespace())
                    .withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw new RolloutException("Deployment/" + target.namespace() + "/" + name + " delete failed: " + e.getMessage(), e);
            }
        }
    }

    private static GenericKubernetesResource get(RolloutTarget target, String name) {
        try {
            return target.client().genericKubernetesResources("apps/v1", "Deployment").inNamespace(target.namespace())
                    .withName(name).get();
        } catch (KubernetesClientException e) {
            throw new RolloutException("Deployment/" + target.namespace() + "/" + name + " get failed: " + e.getMessage(), e);
        }
    }

    private static void ssa(RolloutTarget target, GenericKubernetesResource object) {
        try {
            target.client().resource(object).fieldManager(CanaryObjects.FIELD_MANAGER).forceConflicts().serverSideApply();
        } catch (KubernetesClientException e) {
            throw new RolloutException(object.getKind() + "/" + object.getMetadata().getNamespace() + "/"
                    + object.getMetadata().getName() + " apply failed: " + e.getMessage(), e);
        }
    }



    private static Map<String, String> stringMap(Map<String, Object> in) {
        Map<String, String> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
