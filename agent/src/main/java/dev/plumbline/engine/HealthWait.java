package dev.plumbline.engine;

import dev.plumbline.health.Health;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.kube.Metadata;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The engine's wait verb (flux: {@code ssa/manager_wait.go}). Waits, between waves, until what a wave applied is ready for the next: CRDs established and served (their kind
 * resolvable through discovery), everything else healthy by the {@link HealthCheck}. Reads each object with one GET
 * per look (the watch cache may still hold the previous generation, which would read as healthy).
 *
 * <p>{@code Healthy}, {@code Suspended} and {@code Unknown} (nothing to wait for) pass; {@code Progressing} and
 * {@code Missing} keep waiting until the timeout; {@code Degraded} fails at once.
 */
final class HealthWait {

    private final KubernetesClient client;
    private final Discovery discovery;

    HealthWait(KubernetesClient client, Discovery discovery) {
        this.client = client;
        this.discovery = discovery;
    }

    /**
     * Empty when all of the wave's objects are ready, else the first that is not. Tells {@code listener} what it waits
     * for at every look; an exception from it ends the wait (and the sync) at once.
     */
    Optional<Unready> await(List<GenericKubernetesResource> applied, HealthCheck health, Duration timeout,
                            BiConsumer<ResourceKey, String> listener) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<GenericKubernetesResource> waiting = new ArrayList<>(applied);
        while (true) {
            Map<GenericKubernetesResource, HealthStatus> notReady = new LinkedHashMap<>();
            for (GenericKubernetesResource object : waiting) {
                HealthStatus status = assess(object, health);
                if (status.code() == Health.Degraded) {
                    return Optional.of(new Unready(keyOf(object), keyOf(object) + " is Degraded: " + status.message()));
                }
                if (status.code() == Health.Progressing || status.code() == Health.Missing) {
                    notReady.put(object, status);
                }
            }
            if (notReady.isEmpty()) {
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                var first = notReady.entrySet().iterator().next();
                ResourceKey key = keyOf(first.getKey());
                return Optional.of(new Unready(key, key + " is still " + first.getValue().code() + " after " + timeout
                        + (first.getValue().message().isEmpty() ? "" : ": " + first.getValue().message())));
            }
            waiting = new ArrayList<>(notReady.keySet());
            var first = notReady.entrySet().iterator().next();
            HealthStatus status = first.getValue();
            listener.accept(keyOf(first.getKey()), status.code() + (status.message().isEmpty() ? "" : ": " + status.message())
                    + (notReady.size() > 1 ? " (and " + (notReady.size() - 1) + " more)" : ""));
            Polling.pause();
        }
    }

    private HealthStatus assess(GenericKubernetesResource applied, HealthCheck health) {
        ResourceKey key = keyOf(applied);
        Optional<ApiResource> kind = discovery.find(applied.getApiVersion(), applied.getKind());
        if (kind.isEmpty()) {
            return HealthStatus.of(Health.Missing, "kind not served");
        }
        GenericKubernetesResource current;
        try {
            var op = client.genericKubernetesResources(kind.get().context());
            current = kind.get().namespaced() ? op.inNamespace(key.namespace()).withName(key.name()).get()
                    : op.withName(key.name()).get();
        } catch (KubernetesClientException e) {
            throw new EngineException(key + " health check failed: " + ApiFailure.of(key, "get", e).message(), e);
        }
        if (current == null) {
            return HealthStatus.of(Health.Missing, "not found");
        }
        return "CustomResourceDefinition".equals(key.kind()) ? Crds.readiness(current, discovery) : health.assess(current);
    }

    private static ResourceKey keyOf(GenericKubernetesResource o) {
        return Metadata.key(o);
    }
}
