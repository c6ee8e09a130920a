package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A Deployment, judged as {@code kubectl rollout status} does
 * (https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go) and Argo CD after it:
 * paused is Suspended; a rollout past its {@code progressDeadlineSeconds} is Degraded; otherwise it is Progressing
 * until the controller observed the spec and every desired replica is updated and available.
 */
public final class DeploymentHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (live.flag("spec", "paused")) {
            return HealthStatus.of(Health.Suspended, "deployment is paused");
        }
        if (!live.observed()) {
            return HealthStatus.of(Health.Progressing, "waiting for rollout to be observed");
        }
        // the controller sets this reason once progressDeadlineSeconds passed without progress; it never retries
        var progressing = live.condition("Progressing");
        if (progressing.isPresent() && "ProgressDeadlineExceeded".equals(progressing.get().reason())) {
            return HealthStatus.of(Health.Degraded, "deployment \"" + live.name() + "\" exceeded its progress deadline");
        }
        long desired = live.number("spec", "replicas").orElse(1L);
        long updated = live.count("status", "updatedReplicas");
        long total = live.count("status", "replicas");
        long available = live.count("status", "availableReplicas");
        if (updated < desired) {
            return HealthStatus.of(Health.Progressing, updated + " of " + desired + " new replicas have been updated");
        }
        if (total > updated) {
            return HealthStatus.of(Health.Progressing, (total - updated) + " old replicas are pending termination");
        }
        if (available < updated) {
            return HealthStatus.of(Health.Progressing, available + " of " + updated + " updated replicas are available");
        }
        return HealthStatus.healthy();
    }
}
