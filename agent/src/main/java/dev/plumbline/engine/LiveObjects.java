package dev.plumbline.engine;

import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.live.LiveException;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Optional;

/**
 * Where the engine reads live objects it has no verdict for (to diff them) and the live value of ignored fields
 * ({@code ignoreDifferences} keeps them on apply).
 */
@FunctionalInterface
public interface LiveObjects {

    /** The object as it is, empty when absent. */
    Optional<GenericKubernetesResource> get(ResourceKey key, String apiVersion);

    /** From the environment's watch cache where it covers the kind and namespace (no call), else one GET. */
    static LiveObjects cached(LiveCache cache, Discovery discovery) {
        return (key, apiVersion) -> {
            if (cache.covers(key)) {
                return cache.get(key);
            }
            var kind = discovery.find(apiVersion, key.kind());
            return kind.isEmpty() ? Optional.empty() : cache.fetch(key, kind.get()); // not served (yet): absent
        };
    }

    /** One GET per lookup through {@code client} (the CLI's one-shot sync, tests). */
    static LiveObjects direct(KubernetesClient client, Discovery discovery) {
        return (key, apiVersion) -> {
            var kind = discovery.find(apiVersion, key.kind());
            if (kind.isEmpty()) {
                return Optional.empty(); // not served (yet): a CRD of this very sync
            }
            try {
                var op = client.genericKubernetesResources(kind.get().context());
                return Optional.ofNullable(kind.get().namespaced()
                        ? op.inNamespace(key.namespace()).withName(key.name()).get() : op.withName(key.name()).get());
            } catch (KubernetesClientException e) {
                throw new LiveException(key + " get failed: " + dev.plumbline.live.ApiErrors.describe(e), e);
            }
        };
    }
}
