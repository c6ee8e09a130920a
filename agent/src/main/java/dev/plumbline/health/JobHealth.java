package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A Job, as Argo CD judges it: the {@code Failed} condition is Degraded, {@code Complete} is Healthy, a job with
 * {@code spec.suspend} (or the {@code Suspended} condition, 1.24+) is Suspended, anything else is still running.
 * Jobs carry no {@code metadata.generation} on 1.20, so there is no observedGeneration to compare.
 */
public final class JobHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        for (Live.Condition condition : live.conditions()) {
            if ("Failed".equals(condition.type()) && condition.isTrue()) {
                return HealthStatus.of(Health.Degraded, "job failed: " + condition.explain());
            }
            if ("Complete".equals(condition.type()) && condition.isTrue()) {
                return HealthStatus.of(Health.Healthy, "job completed");
            }
        }
        var suspended = live.condition("Suspended");
        if (live.flag("spec", "suspend") || suspended.isPresent() && suspended.get().isTrue()) {
            return HealthStatus.of(Health.Suspended, "job is suspended");
        }
        return HealthStatus.of(Health.Progressing, "job is running (" + live.count("status", "active") + " active, "
                + live.count("status", "succeeded") + " succeeded, " + live.count("status", "failed") + " failed)");
    }
}
