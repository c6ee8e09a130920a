package dev.plumbline.sync;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kubernetes Events on the objects a sync changed ({@code kubectl describe} shows them): {@code Applied} and
 * {@code Pruned} (Normal), {@code SyncFailed} (Warning), source component {@code plumbline}. Best effort: an Event
 * that cannot be written is logged and never fails the sync. Events of cluster-scoped objects go to {@code default},
 * as kubectl's own do (https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/).
 */
final class SyncEvents implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncEvents.class);
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String environment;
    private final String revision;
    private final ExecutorService writers;

    /** @param writers how many Events are written at once, beside the applies */
    SyncEvents(KubernetesClient client, String environment, String revision, int writers) {
        this.client = client;
        this.environment = environment;
        this.revision = revision;
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "plumbline-events-" + environment + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Writes the Event in the background: the apply of the next object does not wait for it. {@link #close} waits
     * for every Event recorded, so a sync returns (and a CLI run exits) only once they are written.
     */
    void record(ChangeEntry entry, String uid) {
        Event event = event(entry, uid);
        if (event != null) {
            writers.execute(() -> write(entry.key(), event));
        }
    }

    /** Waits until every recorded Event is written (or {@code FLUSH_TIMEOUT} has passed: they are best effort). */
    @Override
    public void close() {
        writers.shutdown();
        try {
            if (!writers.awaitTermination(FLUSH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("sync events of {}: not all written within {}", environment, FLUSH_TIMEOUT);
                writers.shutdownNow();
            }
        } catch (InterruptedException e) {
            writers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Event event(ChangeEntry entry, String uid) {
        String reason = switch (entry.action()) {
            case CREATED, CONFIGURED -> "Applied";
            case PRUNED, PRUNING -> "Pruned";
            case FAILED -> "SyncFailed";
            default -> null;
        };
        if (reason == null) {
            return null;
        }
        ResourceKey key = entry.key();
        String namespace = key.namespaced() ? key.namespace() : "default";
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String message = entry.action().json() + " by Plumbline (environment " + environment + ", revision "
                + revision + ")" + (entry.reason() == null ? "" : ": " + entry.reason());
        return new EventBuilder()
                .withNewMetadata().withNamespace(namespace)
                .withName(key.name() + "." + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT)).endMetadata()
                .withNewInvolvedObject().withApiVersion(entry.apiVersion()).withKind(key.kind())
                .withNamespace(key.namespace()).withName(key.name()).withUid(uid).endInvolvedObject()
                .withReason(reason).withMessage(message.length() > 1024 ? message.substring(0, 1024) : message)
                .withType(entry.action() == Action.FAILED ? "Warning" : "Normal")
                .withNewSource().withComponent("plumbline").endSource()
                .withReportingComponent("plumbline").withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
    }

    private void write(ResourceKey key, Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
        } catch (RuntimeException e) {
            LOG.debug("{} event {} failed: {}", key, event.getReason(), e.getMessage());
        }
    }
}
