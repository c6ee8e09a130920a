package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves {@code (apiVersion, kind)} to the {@link ApiResource} the API server serves, from the API index
 * ({@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}).
 *
 * <p>Answers are cached per group version and fetched lazily, so resolving the kinds of one render costs one GET per
 * group version in use, once. A kind missing from a cached group version triggers one re-fetch of that group version
 * (a CRD created earlier in the same sync becomes visible without a full refresh); {@link #refresh(String)} drops one
 * group version when a caller got a 404 that suggests the cache is stale, {@link #refresh()} drops everything.
 * Requests go through the connection's watch client: cached discovery is not a reconcile call.
 */
public final class Discovery {

    private final KubernetesClient client;
    /** groupVersion -> kind -> resource; top-level resources only (no {@code pods/status}). */
    private final Map<String, Map<String, ApiResource>> byGroupVersion = new ConcurrentHashMap<>();
    private volatile Map<String, List<String>> groupVersions;

    public Discovery(ClusterConnection connection) {
        this(connection.watchClient());
    }

    /** Discovery through any client (its requests are counted wherever that client counts them). */
    public Discovery(KubernetesClient client) {
        this.client = client;
    }

    /** The kind at this apiVersion; unknown after one re-fetch of its group version: {@link UnknownKindException}. */
    public ApiResource resolve(String apiVersion, String kind) {
        return find(apiVersion, kind).orElseThrow(() -> new UnknownKindException(apiVersion, kind));
    }

    /** The kind at this apiVersion, re-fetching its group version once when the cached answer lacks it. */
    public Optional<ApiResource> find(String apiVersion, String kind) {
        ApiResource cached = resources(apiVersion, false).get(kind);
        return Optional.ofNullable(cached != null ? cached : resources(apiVersion, true).get(kind));
    }

    /**
     * The versions under which the API server serves {@code kind} in {@code group}, the group's preferred version
     * first; empty if none.
     */
    public List<String> servedVersions(String group, String kind) {
        String g = group == null ? "" : group;
        List<String> versions = versionsOf(g, false);
        if (versions.isEmpty()) {
            versions = versionsOf(g, true);
        }
        List<String> served = new ArrayList<>();
        for (String version : versions) {
            String apiVersion = g.isEmpty() ? version : g + "/" + version;
            if (find(apiVersion, kind).isPresent()) {
                served.add(version);
            }
        }
        return List.copyOf(served);
    }

    /** The kind of an object at the group's preferred version that serves it. */
    public Optional<ApiResource> preferred(String group, String kind) {
        List<String> versions = servedVersions(group, kind);
        String g = group == null ? "" : group;
        return versions.isEmpty() ? Optional.empty() : find(g.isEmpty() ? versions.get(0) : g + "/" + versions.get(0), kind);
    }

    /** Forget everything; the next lookups fetch again. */
    public void refresh() {
        byGroupVersion.clear();
        groupVersions = null;
    }

    /** Forget one group version, e.g. after a 404 for a kind that discovery said was served. */
    public void refresh(String apiVersion) {
        byGroupVersion.remove(apiVersion);
        groupVersions = null;
    }

    /** The kind of {@code key} at {@code apiVersion} (e.g. an inventory entry); the apiVersion must be in the key's group. */
    public ApiResource resolve(ResourceKey key, String apiVersion) {
        if (!ResourceKey.groupOf(apiVersion).equals(key.group())) {
            throw new LiveException(key + " discovery failed: apiVersion " + apiVersion + " is not in group '" + key.group() + "'");
        }
        return resolve(apiVersion, key.kind());
    }

    private Map<String, ApiResource> resources(String apiVersion, boolean refetch) {
        if (refetch) {
            byGroupVersion.remove(apiVersion);
        }
        return byGroupVersion.computeIfAbsent(apiVersion, this::fetchResources);
    }

    private Map<String, ApiResource> fetchResources(String apiVersion) {
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Map.of();
            }
            throw new LiveException("Discovery of " + apiVersion + " failed: " + ApiErrors.describe(e), e);
        }
        if (list == null || list.getResources() == null) {
            return Map.of(); // 404: the group version is not served (yet)
        }
        String group = ResourceKey.groupOf(apiVersion);
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        Map<String, ApiResource> byKind = new LinkedHashMap<>();
        for (APIResource r : list.getResources()) {
            if (!r.getName().contains("/")) { // subresources (pods/status) share the kind of their parent
                byKind.putIfAbsent(r.getKind(), new ApiResource(group, version, r.getKind(), r.getName(),
                        Boolean.TRUE.equals(r.getNamespaced())));
            }
        }
        return Map.copyOf(byKind);
    }

    private List<String> versionsOf(String group, boolean refetch) {
        if (group.isEmpty()) {
            return List.of("v1");
        }
        Map<String, List<String>> groups = groupVersions;
        if (groups == null || refetch) {
            groups = fetchGroups();
            groupVersions = groups;
        }
        return groups.getOrDefault(group, List.of());
    }

    private Map<String, List<String>> fetchGroups() {
        APIGroupList list;
        try {
            list = client.getApiGroups();
        } catch (KubernetesClientException e) {
            throw new LiveException("Discovery of API groups failed: " + ApiErrors.describe(e), e);
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (APIGroup g : list == null || list.getGroups() == null ? List.<APIGroup>of() : list.getGroups()) {
            List<String> versions = new ArrayList<>();
            if (g.getPreferredVersion() != null) {
                versions.add(g.getPreferredVersion().getVersion());
            }
            for (GroupVersionForDiscovery v : g.getVersions()) {
                if (!versions.contains(v.getVersion())) {
                    versions.add(v.getVersion());
                }
            }
            groups.put(g.getName(), List.copyOf(versions));
        }
        return Map.copyOf(groups);
    }
}
