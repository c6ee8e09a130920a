package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A PersistentVolumeClaim by its phase: Bound is Healthy, Pending Progressing (waiting for a volume, or for a Pod
 * with {@code WaitForFirstConsumer}), Lost Degraded (its volume is gone; the data with it).
 */
public final class PvcHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        String phase = live.string("status", "phase").orElse("");
        return switch (phase) {
            case "Bound" -> HealthStatus.healthy();
            case "Pending" -> HealthStatus.of(Health.Progressing, "claim is waiting for a volume");
            case "Lost" -> HealthStatus.of(Health.Degraded, "claim lost its volume");
            default -> HealthStatus.of(Health.Unknown, phase.isEmpty() ? "claim reports no phase" : "claim phase " + phase);
        };
    }
}
