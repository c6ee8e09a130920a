package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A CronJob ({@code batch/v1beta1} before 1.21, {@code batch/v1} after): Suspended with {@code spec.suspend}, else
 * Healthy. Its Jobs are separate objects with their own health; a failed run is not the schedule's failure.
 */
public final class CronJobHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        return live.flag("spec", "suspend") ? HealthStatus.of(Health.Suspended, "cronjob is suspended")
                : HealthStatus.healthy();
    }
}
