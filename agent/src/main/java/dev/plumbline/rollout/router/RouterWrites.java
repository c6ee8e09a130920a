package dev.plumbline.rollout.router;

/**
 * Where a router's writes go: the rollout's engine verbs (forced server-side apply as Plumbline's field manager, the
 * answer remembered as the object's InSync verdict so its watch echo starts no cycle; a delete confirmed gone). Kept
 * as a port so the routers stay pure: what to write is decided here, how it is written belongs to the engine.
 */
@FunctionalInterface
public interface RouterWrites {

    /** Performs one write; a refusal of the API server is a {@link RouterException}. */
    void write(RouterWrite write);
}
