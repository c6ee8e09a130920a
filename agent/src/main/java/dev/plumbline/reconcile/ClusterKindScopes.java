package dev.plumbline.reconcile;

import dev.plumbline.live.Discovery;
import dev.plumbline.render.KindScopes;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What a render learns from the target cluster's discovery: each kind's scope, and the API server's version, which
 * Helm charts see as {@code .Capabilities.KubeVersion} (a chart picking {@code policy/v1beta1} on 1.20 and
 * {@code policy/v1} later renders for the cluster it goes to, as {@code helm install} would). The version is asked
 * once and kept; a failure to ask fails the render (a silent fallback to Helm's default would render another chart).
 */
public final class ClusterKindScopes implements KindScopes {

    private final Discovery discovery;
    private final KubernetesClient client;
    private volatile String version;

    public ClusterKindScopes(Discovery discovery, KubernetesClient client) {
        this.discovery = discovery;
        this.client = client;
    }

    @Override
    public Boolean clusterScoped(String apiVersion, String kind) {
        return apiVersion == null ? null : discovery.find(apiVersion, kind).map(r -> !r.namespaced()).orElse(null);
    }

    @Override
    public String kubeVersion() {
        String v = version;
        if (v == null) {
            v = client.getKubernetesVersion().getGitVersion();
            version = v;
        }
        return v;
    }
}
