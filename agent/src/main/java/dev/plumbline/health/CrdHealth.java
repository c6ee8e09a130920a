package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A CustomResourceDefinition: Healthy once {@code Established} (the API server serves it, so its custom resources
 * can be applied), Degraded when its names were rejected ({@code NamesAccepted=False}: a clash with another CRD,
 * it will never be served), Progressing in between.
 */
public final class CrdHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        var names = live.condition("NamesAccepted");
        if (names.isPresent() && names.get().isFalse()) {
            return HealthStatus.of(Health.Degraded, "names not accepted: " + names.get().explain());
        }
        var established = live.condition("Established");
        if (established.isPresent() && established.get().isTrue()) {
            return HealthStatus.healthy();
        }
        return HealthStatus.of(Health.Progressing, "waiting for the definition to be established");
    }
}
