package dev.plumbline.inventory;

import java.util.Objects;

/**
 * The source that owns an environment on a cluster (DESIGN "Ownership and trust"): a repository, normalized and
 * without credentials ({@code dev.plumbline.source.SourceUrl}), plus the agent's {@code plumbline.instance}, so that
 * two agents on one cluster can follow the same repository for different environments' copies when they must.
 *
 * @param source   the normalized repository URL; {@code ""} for a source that names none (a fixed snapshot)
 * @param instance {@code plumbline.instance}; {@code ""} by default
 */
public record Owner(String source, String instance) {

    /** What a sync without a named source claims (tests, fixed snapshots). */
    public static final Owner UNNAMED = new Owner("", "");

    public Owner {
        source = Objects.requireNonNullElse(source, "");
        instance = Objects.requireNonNullElse(instance, "");
    }

    /** {@code https://git.example.com/acme/deploy} or {@code https://git.example.com/acme/deploy (instance blue)}. */
    @Override
    public String toString() {
        return (source.isEmpty() ? "(no repository)" : source) + (instance.isEmpty() ? "" : " (instance " + instance + ")");
    }
}
