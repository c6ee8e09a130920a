package dev.plumbline.reconcile;

import dev.plumbline.engine.Engine;
import dev.plumbline.live.LiveEvent;
import dev.plumbline.resource.ResourceKey;

/**
 * Which watch events are changes worth a cycle (self-heal, edit → report). An event for a resourceVersion the diff
 * has already judged InSync — the echo of Plumbline's own apply — is not one. Events that arrive while a sync holds
 * the environment are kept as unjudged, and looked at again when the triggered run starts: by then the post-sync
 * check has usually judged them.
 */
final class LiveChanges {

    private final Engine engine;

    LiveChanges(Engine engine) {
        this.engine = engine;
    }

    AutoCloseable subscribe(EnvironmentState state, Runnable listener) {
        return state.live().onChange(event -> {
            boolean deleted = event.type() == LiveEvent.Type.DELETED;
            if (!deleted && judgedInSync(event.key(), event.resourceVersion())) {
                return;
            }
            state.liveChanged(event.key(), deleted ? "" : event.resourceVersion());
            listener.run();
        });
    }

    /** False when every changed object has meanwhile been compared InSync at that very resourceVersion. */
    boolean needsCycle(EnvironmentState state) {
        return state.unjudgedRemain((key, version) -> !version.isEmpty() && judgedInSync(key, version));
    }

    private boolean judgedInSync(ResourceKey key, String resourceVersion) {
        return engine.judgedInSync(key, resourceVersion);
    }
}
