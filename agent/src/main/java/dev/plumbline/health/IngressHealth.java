package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * An Ingress, as Argo CD judges it: Healthy once an ingress controller published an address
 * ({@code status.loadBalancer.ingress}), Progressing before. A cluster whose controller never publishes one keeps it
 * Progressing — the same trade-off Argo CD makes, since "no address" is also what a missing controller looks like.
 */
public final class IngressHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        return live.list("status", "loadBalancer", "ingress").isEmpty()
                ? HealthStatus.of(Health.Progressing, "waiting for an ingress controller to publish an address")
                : HealthStatus.healthy();
    }
}
