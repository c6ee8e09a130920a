package dev.plumbline.reconcile;

import dev.plumbline.engine.Engine;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.live.LiveEvent;
import dev.plumbline.live.LiveException;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Optional;

/**
 * Which watch events are changes worth a cycle (self-heal, edit → report). An event for a resourceVersion the diff
 * has already judged InSync — the echo of Plumbline's own apply — is not one; nor is a write that changed only what
 * an apply never changes (a controller's {@code status}) of an object judged InSync before, compared by content with
 * the watch cache's copy, without an API call (issue 17: status churn triggers no cycle; StatusChurnIT). Events that
 * arrive while a sync holds the environment are kept as unjudged, and looked at again when the triggered run starts:
 * by then the post-sync check has usually judged them. A status write that changes the object's health from what the
 * last report said (a rollout turning Degraded, a Job completing) is worth a cycle: the report shows health too.
 */
final class LiveChanges {

    private final Engine engine;
    private final HealthCheck health;

    LiveChanges(Engine engine, HealthCheck health) {
        this.engine = engine;
        this.health = health;
    }

    AutoCloseable subscribe(EnvironmentState state, Runnable listener) {
        return state.live().onChange(event -> {
            boolean deleted = event.type() == LiveEvent.Type.DELETED;
            if (!deleted && judgedInSync(state, event.key(), event.resourceVersion()) && !healthChanged(state, event.key())) {
                return;
            }
            state.liveChanged(event.key(), deleted ? "" : event.resourceVersion());
            listener.run();
        });
    }

    /** False when every changed object has meanwhile been compared InSync at that very resourceVersion. */
    boolean needsCycle(EnvironmentState state) {
        return state.unjudgedRemain((key, version) -> !version.isEmpty() && judgedInSync(state, key, version)
                && !healthChanged(state, key));
    }

    private boolean judgedInSync(EnvironmentState state, ResourceKey key, String resourceVersion) {
        return engine.judgedInSync(key, resourceVersion, () -> cached(state, key));
    }

    /** Whether the cached object's health differs from what the last report assessed for it (no API call). */
    private boolean healthChanged(EnvironmentState state, ResourceKey key) {
        Health reported = state.assessedHealth(key);
        if (reported == null) {
            return false;
        }
        return cached(state, key).map(o -> health.assess(o).code() != reported).orElse(false);
    }

    /** The watch cache's copy; none when no watch covers the key (a cycle judges it then). */
    private static Optional<GenericKubernetesResource> cached(EnvironmentState state, ResourceKey key) {
        try {
            return state.live().get(key);
        } catch (LiveException e) {
            return Optional.empty();
        }
    }
}
