package dev.plumbline.engine;

import dev.plumbline.render.Restrictions;

import java.util.Objects;

/**
 * One sync's context for the prune verb.
 *
 * @param environment  whose label the live object must still carry
 * @param restrictions Git's restrictions inside the operator's limits: nothing outside them is deleted
 * @param fieldManager Plumbline's field manager, to adopt inventory entries written without a UID
 * @param dryRun       decide, but delete nothing
 */
public record PruneRequest(String environment, Restrictions restrictions, String fieldManager, boolean dryRun) {

    public PruneRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(restrictions, "restrictions");
        Objects.requireNonNull(fieldManager, "fieldManager");
    }
}
