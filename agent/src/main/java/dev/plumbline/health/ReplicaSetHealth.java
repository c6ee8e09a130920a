package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A ReplicaSet (usually owned by a Deployment, which is judged on its own): Degraded when the controller reports
 * {@code ReplicaFailure} (e.g. a quota forbids its Pods), Progressing until every desired replica is available.
 */
public final class ReplicaSetHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!live.observed()) {
            return HealthStatus.of(Health.Progressing, "waiting for rollout to be observed");
        }
        var failure = live.condition("ReplicaFailure");
        if (failure.isPresent() && failure.get().isTrue()) {
            return HealthStatus.of(Health.Degraded, failure.get().explain());
        }
        long desired = live.number("spec", "replicas").orElse(1L);
        long available = live.count("status", "availableReplicas");
        if (available < desired) {
            return HealthStatus.of(Health.Progressing, available + " of " + desired + " replicas are available");
        }
        return HealthStatus.healthy();
    }
}
