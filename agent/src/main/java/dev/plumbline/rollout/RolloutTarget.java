package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;
import dev.plumbline.render.DesiredObject;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What one rollout works on, as rendered: the Deployment at the revision being rolled out and at the stable revision,
 * the Service that routes to them, and the environment's cluster connection (impersonating where the operator's
 * limits say so).
 *
 * @param environment the environment's name (the state objects' key)
 * @param rollout     the rollout's policy, from the revision being rolled out
 * @param deployment  the Deployment at the new revision, as a plain sync would apply it
 * @param stable      the same Deployment at the stable revision
 * @param service     the Service named by the rollout
 * @param client      the environment's connection
 * @param analysis    how the checks are measured
 * @param routerOrNull the traffic router of {@code rollout.router()}, {@code null} without one
 */
public record RolloutTarget(String environment, Rollout rollout, DesiredObject deployment, DesiredObject stable,
                            DesiredObject service, KubernetesClient client, Analyses analysis, TrafficRouter routerOrNull) {

    public java.util.Optional<TrafficRouter> router() {
        return java.util.Optional.ofNullable(routerOrNull);
    }

    public String namespace() {
        return deployment.namespace();
    }

    public String name() {
        return rollout.name();
    }
}
