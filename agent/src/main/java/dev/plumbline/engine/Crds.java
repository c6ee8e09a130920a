package dev.plumbline.engine;

import dev.plumbline.health.Health;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.live.Discovery;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;

/**
 * A CustomResourceDefinition is ready for the objects of its kind once the API server says {@code Established} and
 * discovery lists the kind (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#create-a-customresourcedefinition:
 * "it might take a few seconds for the endpoint to be created").
 */
final class Crds {

    private Crds() {
    }

    @SuppressWarnings("unchecked")
    static HealthStatus readiness(GenericKubernetesResource crd, Discovery discovery) {
        Map<String, Object> props = crd.getAdditionalProperties();
        Map<String, Object> status = props.get("status") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        List<Object> conditions = status.get("conditions") instanceof List<?> l ? (List<Object>) l : List.of();
        boolean established = conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m
                && "Established".equals(m.get("type")) && "True".equals(m.get("status")));
        if (!established) {
            return HealthStatus.of(Health.Progressing, "not Established yet");
        }
        Map<String, Object> spec = props.get("spec") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        String group = String.valueOf(spec.get("group"));
        String kind = spec.get("names") instanceof Map<?, ?> n ? String.valueOf(n.get("kind")) : "";
        List<Object> versions = spec.get("versions") instanceof List<?> l ? (List<Object>) l : List.of();
        for (Object v : versions) {
            if (v instanceof Map<?, ?> version && Boolean.TRUE.equals(version.get("served"))) {
                String apiVersion = group + "/" + version.get("name");
                if (discovery.find(apiVersion, kind).isEmpty()) { // find re-fetches the group version once
                    return HealthStatus.of(Health.Progressing, kind + " not served at " + apiVersion + " yet");
                }
            }
        }
        return HealthStatus.healthy();
    }
}
