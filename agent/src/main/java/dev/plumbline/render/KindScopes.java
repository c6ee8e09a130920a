package dev.plumbline.render;

import java.util.List;

/**
 * Whether the API server serves a kind cluster-scoped, from its discovery index: the only authority on scope once a
 * cluster is at hand. A manifest's own {@code namespace} (or its absence) says nothing about it, and a built-in table
 * is wrong for any custom kind an admin installed.
 */
@FunctionalInterface
public interface KindScopes {

    /** {@code TRUE}/{@code FALSE} as discovery says; {@code null} when the API server does not serve the kind (yet). */
    Boolean clusterScoped(String apiVersion, String kind);

    /**
     * The API server's version as discovery reports it ({@code v1.20.2}): Helm's {@code .Capabilities.KubeVersion}
     * for a chart whose {@code helmCharts} entry sets no {@code kubeVersion}; {@code null}: not known (Helm's default).
     */
    default String kubeVersion() {
        return null;
    }

    /**
     * The API server's version set as Helm builds it from discovery: every served {@code group/version} ({@code v1}
     * for the core group) and {@code group/version/Kind} of every resource: Helm's {@code .Capabilities.APIVersions}
     * for the cluster. {@code null}: not known (Helm's default set).
     */
    default List<String> apiVersions() {
        return null;
    }
}
