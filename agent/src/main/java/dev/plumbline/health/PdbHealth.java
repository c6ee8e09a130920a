package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A PodDisruptionBudget ({@code policy/v1beta1} before 1.21, {@code policy/v1} after): Progressing until the
 * disruption controller observed it, then Degraded while fewer Pods are healthy than it demands — a drain would
 * block, and the workload behind it is short of Pods.
 */
public final class PdbHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!live.observed()) {
            return HealthStatus.of(Health.Progressing, "waiting for the disruption controller to observe the budget");
        }
        long current = live.count("status", "currentHealthy");
        long desired = live.count("status", "desiredHealthy");
        if (current < desired) {
            return HealthStatus.of(Health.Degraded, current + " healthy pods, the budget needs " + desired);
        }
        return HealthStatus.healthy();
    }
}
