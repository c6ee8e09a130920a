package dev.plumbline.render;

/**
 * Whether the API server serves a kind cluster-scoped, from its discovery index: the only authority on scope once a
 * cluster is at hand. A manifest's own {@code namespace} (or its absence) says nothing about it, and a built-in table
 * is wrong for any custom kind an admin installed.
 */
@FunctionalInterface
public interface KindScopes {

    /** {@code TRUE}/{@code FALSE} as discovery says; {@code null} when the API server does not serve the kind (yet). */
    Boolean clusterScoped(String apiVersion, String kind);
}
