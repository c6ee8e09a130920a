package dev.plumbline.reconcile;

import dev.plumbline.live.Discovery;
import dev.plumbline.render.KindScopes;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    private volatile List<String> apiVersions;
    private volatile long apiVersionsAt;

    static final long API_VERSIONS_TTL_MS = 10_000;

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

    /**
     * Every served group version and {@code group/version/Kind} (subresources' kinds too), as Helm's
     * {@code GetVersionSet} collects them; asked again after {@link #API_VERSIONS_TTL_MS} so that a CRD a sync
     * installed is seen by the next render, while the charts of one render share one answer. A group version whose
     * resources cannot be listed (an aggregated API that is down) is left out, as Helm leaves it out.
     */
    @Override
    public List<String> apiVersions() {
        List<String> known = apiVersions;
        if (known != null && System.currentTimeMillis() - apiVersionsAt < API_VERSIONS_TTL_MS) {
            return known;
        }
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        APIGroupList groups = client.getApiGroups();
        for (APIGroup g : groups == null || groups.getGroups() == null ? List.<APIGroup>of() : groups.getGroups()) {
            g.getVersions().forEach(v -> groupVersions.add(v.getGroupVersion()));
        }
        Set<String> out = new LinkedHashSet<>(groupVersions);
        for (String gv : groupVersions) {
            try {
                APIResourceList list = client.getApiResources(gv);
                if (list != null && list.getResources() != null) {
                    list.getResources().forEach(r -> out.add(gv + "/" + r.getKind()));
                }
            } catch (KubernetesClientException e) {
                // as Helm's discovery: a group version that fails is missing from the set, not a failed render
            }
        }
        known = List.copyOf(out);
        apiVersions = known;
        apiVersionsAt = System.currentTimeMillis();
        return known;
    }
}
