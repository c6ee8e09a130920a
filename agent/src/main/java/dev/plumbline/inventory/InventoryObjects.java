package dev.plumbline.inventory;

import dev.plumbline.state.StateNamespace;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ConfigMaps an inventory is stored in: names, labels, and the state namespace. Labels mark them as Plumbline's
 * state and never carry {@code plumbline.dev/environment}, so no environment's cache or prune ever sees them.
 */
final class InventoryObjects {

    static final String PART = "plumbline.dev/inventory-part";
    /** On a shard: the head resourceVersion its writer started from ("none": no head yet). See InventoryStore#save. */
    static final String BASE = "plumbline.dev/inventory-base";
    static final String ENTRIES = "plumbline.dev/inventory-entries";
    /**
     * On the head: the owning source (normalized repository URL) and {@code plumbline.instance}. Annotations rather than
     * the compressed document, so that an operator can read them, and release an environment, with kubectl.
     */
    static final String OWNER = "plumbline.dev/owner";
    static final String OWNER_INSTANCE = "plumbline.dev/owner-instance";

    /** events.k8s.io/v1 bounds a note at 1 kB; core/v1 does not, but a summary longer than that is not read. */
    static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final String namespace;
    private final StateNamespace stateNamespace;

    InventoryObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.stateNamespace = new StateNamespace(client, namespace);
    }

    static String headName(String environment) {
        return "plumbline-inventory-" + environment;
    }

    static void checkEnvironment(String environment) {
        if (!StateNamespace.validEnvironment(environment)) {
            throw new InventoryException("Inventory " + environment + " access failed: " + StateNamespace.ENVIRONMENT_RULE);
        }
    }

    String describe(String name) {
        return stateNamespace.describe(name);
    }

    NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps() {
        return client.configMaps().inNamespace(namespace);
    }

    ConfigMap head(String environment, byte[] data, int count, String resourceVersion, Owner owner) {
        Map<String, String> annotations = new java.util.TreeMap<>(Map.of(ENTRIES, String.valueOf(count)));
        if (owner != null) {
            annotations.put(OWNER, owner.source());
            if (!owner.instance().isEmpty()) {
                annotations.put(OWNER_INSTANCE, owner.instance());
            }
        }
        return configMap(headName(environment), environment, "head", Map.of(InventoryCodec.HEAD_KEY, base64(data)),
                annotations, resourceVersion);
    }

    /** The owner a head records; {@code null}: unclaimed. */
    static Owner owner(ConfigMap head) {
        Map<String, String> annotations = head.getMetadata().getAnnotations();
        return annotations == null || !annotations.containsKey(OWNER) ? null
                : new Owner(annotations.get(OWNER), annotations.get(OWNER_INSTANCE));
    }

    ConfigMap shard(String environment, String name, byte[] data, String base) {
        return configMap(name, environment, "shard", Map.of(InventoryCodec.SHARD_KEY, base64(data)),
                Map.of(BASE, base == null ? "none" : base), null);
    }

    private ConfigMap configMap(String name, String environment, String part, Map<String, String> binaryData,
                                Map<String, String> annotations, String resourceVersion) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withResourceVersion(resourceVersion)
                .withLabels(labels(environment, part))
                .withAnnotations(annotations)
                .endMetadata()
                .withBinaryData(binaryData)
                .build();
    }

    /** Every shard of an environment, referenced or not. */
    List<ConfigMap> shards(String environment) {
        return configMaps().withLabel(StateNamespace.STATE_OF, environment).withLabel(PART, "shard").list().getItems();
    }

    /** Creates the state namespace if missing (once per store; racing creators are fine). */
    void ensureNamespace() {
        try {
            stateNamespace.ensure();
        } catch (KubernetesClientException e) {
            throw new InventoryException("Namespace/" + namespace + " create failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> labels(String environment, String part) {
        Map<String, String> labels = new java.util.HashMap<>(StateNamespace.labels("inventory", environment));
        labels.put(PART, part);
        return labels;
    }

    /**
     * An Event about the environment, on its head: {@code kubectl describe configmap -n <state namespace>
     * plumbline-inventory-<env>} lists it (describe selects Events by the involved object's kind, name and UID).
     * Named like kubectl's own, {@code <object>.<hex>}; source component {@code plumbline}.
     */
    Event event(String environment, String headUid, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String name = headName(environment);
        return new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                .withName(name + "." + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT)).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("ConfigMap").withNamespace(namespace)
                .withName(name).withUid(headUid).endInvolvedObject()
                .withType(type).withReason(reason)
                .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message)
                .withNewSource().withComponent("plumbline").endSource()
                .withReportingComponent("plumbline").withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
    }

    void create(Event event) {
        client.v1().events().inNamespace(namespace).resource(event).create();
    }

    /** Deletes one object, ignoring "already gone". */
    void deleteQuietly(String name) {
        try {
            configMaps().withName(name).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
