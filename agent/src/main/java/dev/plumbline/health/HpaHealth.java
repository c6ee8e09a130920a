package dev.plumbline.health;

import dev.plumbline.kube.Live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A HorizontalPodAutoscaler, any of {@code autoscaling/v1}, {@code v2beta1}, {@code v2beta2} (1.20) and {@code v2}
 * (1.23+), judged by the conditions the autoscaler writes
 * (https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#appendix-horizontal-pod-autoscaler-status-conditions).
 * {@code v1} has no conditions field: the same list travels in the annotation {@value #V1_CONDITIONS}.
 *
 * <p>{@code AbleToScale=False} (it cannot read or write the target's scale) and {@code ScalingActive=False} (it cannot
 * compute a replica count: missing metrics, bad selector) are Degraded — unless the reason is {@code ScalingDisabled},
 * which means someone scaled the target to zero on purpose: Suspended. {@code ScalingActive=True} is Healthy.
 * No conditions yet: Progressing.
 */
public final class HpaHealth implements HealthCheck {

    static final String V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        List<Live.Condition> conditions = conditions(object);
        Optional<Live.Condition> able = find(conditions, "AbleToScale");
        if (able.isPresent() && able.get().isFalse()) {
            return HealthStatus.of(Health.Degraded, "cannot scale: " + able.get().explain());
        }
        Optional<Live.Condition> active = find(conditions, "ScalingActive");
        if (active.isPresent() && active.get().isFalse()) {
            return "ScalingDisabled".equals(active.get().reason())
                    ? HealthStatus.of(Health.Suspended, "scaling is disabled: " + active.get().explain())
                    : HealthStatus.of(Health.Degraded, "scaling is not active: " + active.get().explain());
        }
        if (active.isPresent() && active.get().isTrue()) {
            return HealthStatus.healthy();
        }
        return HealthStatus.of(Health.Progressing, "waiting for the autoscaler to report");
    }

    private static List<Live.Condition> conditions(GenericKubernetesResource object) {
        Live live = new Live(object);
        List<Live.Condition> conditions = live.conditions();
        Map<String, String> annotations = object.getMetadata() == null ? null : object.getMetadata().getAnnotations();
        String v1 = annotations == null ? null : annotations.get(V1_CONDITIONS);
        if (!conditions.isEmpty() || v1 == null) {
            return conditions;
        }
        try {
            List<?> raw = JSON.readValue(v1, List.class);
            return raw.stream().map(Live::condition).toList();
        } catch (JsonProcessingException e) {
            throw new Live.Unreadable("annotation " + V1_CONDITIONS + " is unreadable: " + e.getOriginalMessage());
        }
    }

    private static Optional<Live.Condition> find(List<Live.Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }
}
