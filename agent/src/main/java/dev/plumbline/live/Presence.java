package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Which desired objects that the watch cache does not hold exist at all, found cheaper than one GET each. The watch
 * cache holds only objects labelled for the environment; any other object of the same name (another environment's,
 * Helm's, one created by hand) must still be seen, so that it becomes a Conflict and is never taken over. Equivalent
 * answers, cheapest first:
 * <ol>
 *   <li>an object in a namespace that does not exist does not exist: when the render's own Namespace is absent, its
 *       contents are absent without a call (the common cold sync);</li>
 *   <li>when {@value #LIST_THRESHOLD} or more objects of one kind in one namespace (or of one cluster-scoped kind) need
 *       checking, one metadata-only LIST names every object there; only names it finds are read in full;</li>
 *   <li>otherwise one GET per object, as before (and always when a LIST fails, e.g. RBAC allows get but not list).</li>
 * </ol>
 * Namespaces of the render are resolved first, by GET when few, so rule 1 can use the answers.
 */
public final class Presence {

    public static final int LIST_THRESHOLD = 4;
    private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

    private final LiveCache live;
    private final ExecutorService pool;
    private final Map<ResourceKey, Optional<GenericKubernetesResource>> known = new ConcurrentHashMap<>();

    private Presence(LiveCache live, ExecutorService pool) {
        this.live = live;
        this.pool = pool;
    }

    /**
     * @param desired the desired objects' keys, in render order
     * @param kinds   the served kind of each desired object (objects without one are not looked at)
     * @param skipped kinds not to look at (e.g. refused by RBAC)
     */
    public static Presence of(LiveCache live, ExecutorService pool, List<ResourceKey> desired,
                              Map<ResourceKey, ApiResource> kinds, Set<ApiResource> skipped) {
        Presence presence = new Presence(live, pool);
        Map<Group, List<ResourceKey>> clusterScoped = new LinkedHashMap<>();
        Map<Group, List<ResourceKey>> namespaced = new LinkedHashMap<>();
        for (ResourceKey key : desired) {
            ApiResource kind = kinds.get(key);
            if (kind == null || skipped.contains(kind) || cached(live, key)) {
                continue;
            }
            (kind.namespaced() ? namespaced : clusterScoped)
                    .computeIfAbsent(new Group(kind, kind.namespaced() ? key.namespace() : null), g -> new ArrayList<>())
                    .add(key);
        }
        presence.resolve(clusterScoped, true);
        Map<Group, List<ResourceKey>> remaining = new LinkedHashMap<>();
        namespaced.forEach((group, keys) -> {
            if (presence.namespaceAbsent(group.namespace())) {
                keys.forEach(k -> presence.known.put(k, Optional.empty()));
            } else {
                remaining.put(group, keys);
            }
        });
        presence.resolve(remaining, false);
        return presence;
    }

    /** What is already known of {@code key} without a further call: absent, or read in full; empty when unknown. */
    public Optional<Optional<GenericKubernetesResource>> known(ResourceKey key) {
        return Optional.ofNullable(known.get(key));
    }

    private static boolean cached(LiveCache live, ResourceKey key) {
        return live.covers(key) && live.get(key).isPresent();
    }

    private boolean namespaceAbsent(String namespace) {
        Optional<GenericKubernetesResource> ns = known.get(ResourceKey.of("", "Namespace", null, namespace));
        return ns != null && ns.isEmpty();
    }

    /** Lists the large groups (in parallel); with {@code fetchSmall}, also reads the small groups' objects. */
    private void resolve(Map<Group, List<ResourceKey>> groups, boolean fetchSmall) {
        List<CompletableFuture<Void>> running = new ArrayList<>();
        groups.forEach((group, keys) -> {
            if (keys.size() >= LIST_THRESHOLD) {
                running.add(CompletableFuture.runAsync(() -> list(group, keys), pool));
            } else if (fetchSmall && group.kind().kind().equals("Namespace") && group.kind().group().isEmpty()) {
                keys.forEach(k -> running.add(CompletableFuture.runAsync(() -> known.put(k, live.fetch(k, group.kind())), pool)));
            }
        });
        try {
            running.forEach(CompletableFuture::join);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Names not listed are absent; names listed are left to a full read, since they must be compared (or refused). */
    private void list(Group group, List<ResourceKey> keys) {
        Set<String> names;
        try {
            names = live.names(group.kind(), group.namespace());
        } catch (LiveException e) {
            LOG.debug("{}: reading {} objects one by one instead", e.getMessage(), keys.size());
            return;
        }
        Map<ResourceKey, Optional<GenericKubernetesResource>> absent = new HashMap<>();
        keys.stream().filter(k -> !names.contains(k.name())).forEach(k -> absent.put(k, Optional.empty()));
        known.putAll(absent);
    }

    /** One kind in one namespace ({@code null}: cluster-scoped). */
    private record Group(ApiResource kind, String namespace) {
    }
}
