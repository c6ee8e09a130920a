package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * A StatefulSet, judged as {@code kubectl rollout status} does
 * (https://github.com/kubernetes/kubectl/blob/master/pkg/polymorphichelpers/rollout_status.go): Progressing until
 * the controller observed the spec, every replica is ready, and the update revision has rolled out (or, with a
 * partition, every Pod at or above it has). {@code OnDelete} updates only happen when someone deletes Pods, so such
 * a set is Healthy once observed and ready. StatefulSets report no failure; a stuck one stays Progressing.
 */
public final class StatefulSetHealth implements HealthCheck {

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!live.observed()) {
            return HealthStatus.of(Health.Progressing, "waiting for rollout to be observed");
        }
        long desired = live.number("spec", "replicas").orElse(1L);
        long ready = live.count("status", "readyReplicas");
        if (ready < desired) {
            return HealthStatus.of(Health.Progressing, ready + " of " + desired + " replicas are ready");
        }
        String strategy = live.string("spec", "updateStrategy", "type").orElse("RollingUpdate");
        if ("OnDelete".equals(strategy)) {
            return HealthStatus.healthy();
        }
        long partition = live.count("spec", "updateStrategy", "rollingUpdate", "partition");
        if (partition > 0) {
            long updated = live.count("status", "updatedReplicas");
            long expected = Math.max(0, desired - partition);
            return updated < expected
                    ? HealthStatus.of(Health.Progressing, updated + " of " + expected + " new pods of the partition have been updated")
                    : HealthStatus.of(Health.Healthy, "partitioned rollout complete");
        }
        String update = live.string("status", "updateRevision").orElse("");
        String current = live.string("status", "currentRevision").orElse("");
        if (!update.equals(current)) {
            return HealthStatus.of(Health.Progressing, "waiting for rolling update to revision " + update + " to complete");
        }
        return HealthStatus.healthy();
    }
}
