package dev.plumbline.health;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** Assesses one live object. {@code null} means the object does not exist: {@link Health#Missing}. */
@FunctionalInterface
public interface HealthCheck {

    HealthStatus assess(GenericKubernetesResource live);
}
