package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Pod, as Argo CD judges it (gitops-engine {@code pkg/health/health_pod.go}): a container stuck waiting for a
 * reason that will not fix itself (image pull, crash loop, bad config) is Degraded in any phase; then by phase —
 * Pending is Progressing, Succeeded Healthy, Failed Degraded, Unknown Unknown. A Running Pod that restarts forever
 * ({@code restartPolicy: Always}) is Healthy once Ready; one that runs to completion is Progressing until it ends.
 */
public final class PodHealth implements HealthCheck {

    /** Waiting reasons the kubelet only leaves by a change to the Pod or its surroundings. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff",
            "InvalidImageName", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        String stuck = stuckContainer(live);
        if (stuck != null) {
            return HealthStatus.of(Health.Degraded, stuck);
        }
        String phase = live.string("status", "phase").orElse("");
        String message = live.string("status", "message").orElse("");
        return switch (phase) {
            case "Pending" -> HealthStatus.of(Health.Progressing, message.isEmpty() ? "pod is pending" : message);
            case "Succeeded" -> HealthStatus.of(Health.Healthy, "pod completed");
            case "Failed" -> HealthStatus.of(Health.Degraded, message.isEmpty() ? "pod failed" : "pod failed: " + message);
            case "Running" -> running(live);
            default -> HealthStatus.of(Health.Unknown, phase.isEmpty() ? "pod reports no phase" : "pod phase " + phase);
        };
    }

    private static HealthStatus running(Live live) {
        if (!"Always".equals(live.string("spec", "restartPolicy").orElse("Always"))) {
            return HealthStatus.of(Health.Progressing, "pod is running");
        }
        var ready = live.condition("Ready");
        return ready.isPresent() && ready.get().isTrue() ? HealthStatus.healthy()
                : HealthStatus.of(Health.Progressing, "waiting for containers to be ready");
    }

    private static String stuckContainer(Live live) {
        for (String list : List.of("initContainerStatuses", "containerStatuses")) {
            for (Object entry : live.list("status", list)) {
                if (entry instanceof Map<?, ?> container
                        && container.get("state") instanceof Map<?, ?> state
                        && state.get("waiting") instanceof Map<?, ?> waiting
                        && STUCK.contains(String.valueOf(waiting.get("reason")))) {
                    Object message = waiting.get("message");
                    return "container " + container.get("name") + " is waiting: " + waiting.get("reason")
                            + (message == null ? "" : ": " + message);
                }
            }
        }
        return null;
    }
}
