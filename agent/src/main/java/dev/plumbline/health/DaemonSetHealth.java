package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A DaemonSet, judged as {@code kubectl rollout status} does
 * (https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go): Progressing until
 * the controller observed the spec and the Pod on every scheduled node is updated and available. With
 * {@code OnDelete} updates wait for someone to delete Pods, so only availability counts.
 */
public final class DaemonSetHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!live.observed()) {
            return HealthStatus.of(Health.Progressing, "waiting for rollout to be observed");
        }
        long desired = live.count("status", "desiredNumberScheduled");
        long updated = live.count("status", "updatedNumberScheduled");
        long available = live.count("status", "numberAvailable");
        boolean onDelete = "OnDelete".equals(live.string("spec", "updateStrategy", "type").orElse("RollingUpdate"));
        if (!onDelete && updated < desired) {
            return HealthStatus.of(Health.Progressing, updated + " of " + desired + " new pods have been updated");
        }
        if (available < desired) {
            return HealthStatus.of(Health.Progressing, available + " of " + desired + " pods are available");
        }
        return HealthStatus.healthy();
    }
}
