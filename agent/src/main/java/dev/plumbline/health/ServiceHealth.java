package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A Service: one of type LoadBalancer is Progressing until the cloud provider assigned it an address
 * ({@code status.loadBalancer.ingress}); every other type works as soon as it exists.
 */
public final class ServiceHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!"LoadBalancer".equals(live.string("spec", "type").orElse("ClusterIP"))) {
            return HealthStatus.healthy();
        }
        return live.list("status", "loadBalancer", "ingress").isEmpty()
                ? HealthStatus.of(Health.Progressing, "waiting for a load balancer address")
                : HealthStatus.healthy();
    }
}
