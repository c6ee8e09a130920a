package dev.plumbline.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * The Events Plumbline wrote, read back from the API server: the summary of each sync on the environment's inventory
 * head, and whatever else carries its source component (which must be nothing: no Event per object).
 */
public final class SyncEventsOnCluster {

    private SyncEventsOnCluster() {
    }

    /** The Events about {@code plumbline-inventory-<environment>} in the state namespace, oldest first. */
    public static List<Event> summaries(KubernetesClient client, String stateNamespace, String environment) {
        return client.v1().events().inNamespace(stateNamespace)
                .withField("involvedObject.name", "plumbline-inventory-" + environment).list().getItems().stream()
                .sorted(java.util.Comparator.comparing((Event e) -> e.getMetadata().getCreationTimestamp())
                        .thenComparing(e -> Long.parseLong(e.getMetadata().getResourceVersion()))).toList();
    }

    /**
     * Every Event with source component {@code plumbline} in the cluster that is not about an inventory head: an Event
     * on an applied, pruned or failed object. Other tests' environments leave summaries only, so this holds cluster-wide.
     */
    public static List<Event> perObject(KubernetesClient client) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> e.getSource() != null && "plumbline".equals(e.getSource().getComponent()))
                .filter(e -> !("ConfigMap".equals(e.getInvolvedObject().getKind())
                        && e.getInvolvedObject().getName().startsWith("plumbline-inventory-")))
                .toList();
    }
}
