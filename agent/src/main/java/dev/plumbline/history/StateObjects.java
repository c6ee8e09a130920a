package dev.plumbline.history;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The ConfigMaps history and control state live in: one per environment and purpose, in the state namespace. Labels
 * mark them as Plumbline's state and never carry {@code plumbline.dev/environment}, so no environment's cache or
 * prune ever sees them. Writes are compare-and-swap on resourceVersion.
 */
final class StateObjects {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String STATE = "plumbline.dev/state";
    static final String STATE_OF = "plumbline.dev/state-of";

    /** A label value and part of object names: a DNS-1123 label. */
    private static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final String namespace;
    private volatile boolean namespaceReady;

    StateObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    static void checkEnvironment(String subject, String environment) {
        if (environment == null || !ENVIRONMENT_NAME.matcher(environment).matches()) {
            throw new HistoryException(subject + " " + environment + " access failed: an environment name must be a"
                    + " DNS-1123 label (lowercase letters, digits, '-', at most 63 characters)");
        }
    }

    String describe(String name) {
        return "ConfigMap/" + namespace + "/" + name;
    }

    ConfigMap get(String subject, String name) {
        try {
            return client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new HistoryException(subject + " load failed: " + describe(name) + ": " + e.getMessage(), e);
        }
    }

    /** A state ConfigMap; {@code resourceVersion} {@code null} for a create. */
    ConfigMap configMap(String name, String environment, String state, Map<String, String> data,
                        Map<String, String> binaryData, String resourceVersion) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .withLabels(Map.of(MANAGED_BY, "plumbline", STATE, state, STATE_OF, environment))
                .endMetadata()
                .withData(data)
                .withBinaryData(binaryData)
                .build();
    }

    /**
     * Creates {@code next} (no resourceVersion) or replaces the object at its resourceVersion.
     *
     * @return the written object, or {@code null} if another writer got there first (409; 404: deleted meanwhile)
     */
    ConfigMap write(String subject, ConfigMap next) {
        ensureNamespace(subject);
        var resource = client.configMaps().inNamespace(namespace).resource(next);
        try {
            return next.getMetadata().getResourceVersion() == null ? resource.create() : resource.update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                return null;
            }
            throw new HistoryException(subject + " write failed: " + describe(next.getMetadata().getName()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** Jitter after a lost race, so that two writers that collided do not collide again in lockstep. */
    static void backOff(int attempt) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(5_000_000, 20_000_000L * attempt));
    }

    /** Creates the state namespace if missing (once per store; racing creators are fine). */
    private void ensureNamespace(String subject) {
        if (namespaceReady) {
            return;
        }
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                        .withLabels(Map.of(MANAGED_BY, "plumbline")).endMetadata().build()).create();
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw new HistoryException(subject + " write failed: Namespace/" + namespace + " create failed: "
                        + e.getMessage(), e);
            }
        }
        namespaceReady = true;
    }
}
