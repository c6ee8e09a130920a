package dev.plumbline.history;

import dev.plumbline.state.StateNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The ConfigMaps history and control state live in: one per environment and purpose, in the state namespace. Labels
 * mark them as Plumbline's state and never carry {@code plumbline.dev/environment}, so no environment's cache or
 * prune ever sees them. Writes are compare-and-swap on resourceVersion.
 */
final class StateObjects {

    private final KubernetesClient client;
    private final String namespace;
    private final StateNamespace stateNamespace;

    StateObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.stateNamespace = new StateNamespace(client, namespace);
    }

    static void checkEnvironment(String subject, String environment) {
        if (!StateNamespace.validEnvironment(environment)) {
            throw new HistoryException(subject + " " + environment + " access failed: " + StateNamespace.ENVIRONMENT_RULE);
        }
    }

    String describe(String name) {
        return stateNamespace.describe(name);
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
                .withLabels(StateNamespace.labels(state, environment))
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

    private void ensureNamespace(String subject) {
        try {
            stateNamespace.ensure();
        } catch (KubernetesClientException e) {
            throw new HistoryException(subject + " write failed: Namespace/" + namespace + " create failed: "
                    + e.getMessage(), e);
        }
    }
}
