package dev.plumbline.sync;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Kubernetes Events on the objects a sync changed ({@code kubectl describe} shows them): {@code Applied} and
 * {@code Pruned} (Normal), {@code SyncFailed} (Warning), source component {@code plumbline}. Best effort: an Event
 * that cannot be written is logged and never fails the sync. Events of cluster-scoped objects go to {@code default},
 * as kubectl's own do (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/).
 */
final class SyncEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEvents.class);

    private final KubernetesClient client;
    private final String environment;
    private final String revision;

    SyncEvents(KubernetesClient client, String environment, String revision) {
        this.client = client;
        this.environment = environment;
        this.revision = revision;
    }

    void record(ChangeEntry entry, String uid) {
        String reason = switch (entry.action()) {
            case CREATED, CONFIGURED -> "Applied";
            case PRUNED, PRUNING -> "Pruned";
            case FAILED -> "SyncFailed";
            default -> null;
        };
        if (reason == null) {
            return;
        }
        ResourceKey key = entry.key();
        String namespace = key.namespaced() ? key.namespace() : "default";
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String message = entry.action().json() + " by Plumbline (environment " + environment + ", revision "
                + revision + ")" + (entry.reason() == null ? "" : ": " + entry.reason());
        Event event = new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                .withName(key.name() + "." + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT)).endMetadata()
                .withNewInvolvedObject().withApiVersion(entry.apiVersion()).withKind(key.kind())
                .withNamespace(key.namespace()).withName(key.name()).withUid(uid).endInvolvedObject()
                .withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                .withType(entry.action() == Action.FAILED ? "Warning" : "Normal")
                .withNewSource().withComponent("plumbline").endSource()
                .withReportingComponent("plumbline").withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (RuntimeException e) {
            LOG.debug("{} event {} failed: {}", key, reason, e.getMessage());
        }
    }
}
