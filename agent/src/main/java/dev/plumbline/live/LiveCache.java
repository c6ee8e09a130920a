package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The live objects of one environment, kept current by informers (list once, then watch) selected by the label
 * {@code plumbline.dev/environment=<env>}. Reads ({@link #get}, {@link #all}) are answered from memory and make no API
 * call; only {@link #fetch} goes to the API server, through the connection's counted reconcile client.
 *
 * <p>A one-shot check lists instead of watching ({@link Options#watch()}): one LIST per kind (and namespace), the
 * same objects an informer's initial list holds, and nothing runs afterwards.
 *
 * <p>One informer per kind in use (group + kind; the version is the one passed to {@link #ensureWatching}),
 * cluster-wide or per namespace (see {@link Scope}). Objects handed out are the informer's own: treat them as
 * read-only.
 */
public final class LiveCache implements AutoCloseable {

    /** The label that selects an environment's objects. */
    public static final String ENVIRONMENT_LABEL = dev.plumbline.kube.Metadata.ENVIRONMENT_LABEL;

    private static final Logger LOG = LoggerFactory.getLogger(LiveCache.class);

    private final ClusterConnection connection;
    private final String environment;
    private final Options options;
    private final Map<ApiResource.GroupKind, KindWatch> watches = new ConcurrentHashMap<>();
    private final List<Consumer<LiveEvent>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param syncTimeout how long {@link #ensureWatching} waits for new informers' initial lists
     * @param listLimit   page size of informers' initial lists (large environments list in pages)
     * @param watch       false: list each kind once and never watch — the cache then holds what the cluster held at
     *                    {@link #ensureWatching}, for a process that checks once and ends ({@code plumbline diff})
     */
    public record Options(Duration syncTimeout, long listLimit, boolean watch) {

        public static Options defaults() {
            return new Options(Duration.ofSeconds(60), 500, true);
        }

        public Options withWatch(boolean watch) {
            return new Options(syncTimeout, listLimit, watch);
        }
    }

    public LiveCache(ClusterConnection connection, String environment) {
        this(connection, environment, Options.defaults());
    }

    public LiveCache(ClusterConnection connection, String environment, Options options) {
        this.connection = connection;
        this.environment = environment;
        this.options = options;
    }

    public String environment() {
        return environment;
    }

    /**
     * Watches every kind in {@code kinds} (idempotent: a kind already watched at that version is left alone; at another
     * version, its informers are replaced; new namespaces of a namespace scope are added) and returns once all new
     * informers have their initial list. A cluster-wide list/watch answered 403 falls back to the scope's namespaces.
     *
     * @throws LiveException when an informer cannot start or does not sync within {@link Options#syncTimeout()}
     */
    public synchronized void ensureWatching(Collection<ApiResource> kinds, Scope scope) {
        Map<Pending, CompletableFuture<Void>> started = new LinkedHashMap<>();
        for (ApiResource kind : kinds) {
            KindWatch watch = watches.get(kind.groupKind());
            if (watch != null && !watch.resource().equals(kind)) {
                stopWatching(kind.groupKind());
                watch = null;
            }
            if (watch == null) {
                watch = new KindWatch(kind, options.watch());
                watches.put(kind.groupKind(), watch);
            }
            for (String namespace : missingNamespaces(watch, scope)) {
                started.put(new Pending(watch, namespace), start(watch, namespace));
            }
        }
        awaitSynced(started, scope, System.nanoTime() + options.syncTimeout().toNanos());
    }

    /** Which informers {@code watch} still needs for {@code scope}: {@link KindWatch#CLUSTER} or namespaces. */
    private static List<String> missingNamespaces(KindWatch watch, Scope scope) {
        if (watch.clusterWide()) {
            return List.of();
        }
        if (!watch.resource().namespaced() || (scope.clusterWide() && !watch.watchesAnyNamespace())) {
            return List.of(KindWatch.CLUSTER);
        }
        return scope.namespaces().stream().filter(ns -> !watch.watches(ns)).toList();
    }

    private CompletableFuture<Void> start(KindWatch watch, String namespace) {
        return watch.start(connection.watchClient(), namespace, Map.of(ENVIRONMENT_LABEL, environment),
                options.listLimit(), this::publish);
    }

    private void awaitSynced(Map<Pending, CompletableFuture<Void>> started, Scope scope, long deadline) {
        Map<Pending, CompletableFuture<Void>> fallbacks = new LinkedHashMap<>();
        for (Map.Entry<Pending, CompletableFuture<Void>> e : started.entrySet()) {
            Pending p = e.getKey();
            try {
                e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException failure) {
                if (statusCode(failure) == 403 && KindWatch.CLUSTER.equals(p.namespace()) && p.watch().resource().namespaced()
                        && !scope.namespaces().isEmpty()) {
                    LOG.info("LiveCache {}: cluster-wide list/watch of {} is forbidden; watching namespaces {} instead",
                            environment, p.watch().resource().qualifiedPlural(), scope.namespaces());
                    scope.namespaces().forEach(ns -> fallbacks.put(new Pending(p.watch(), ns), start(p.watch(), ns)));
                } else {
                    throw failed(p, "list failed: " + rootMessage(failure), failure.getCause());
                }
            } catch (TimeoutException timeout) {
                p.watch().stop(p.namespace());
                throw failed(p, "sync failed: initial list not complete within " + options.syncTimeout(), timeout);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw failed(p, "sync failed: interrupted", interrupted);
            }
        }
        if (!fallbacks.isEmpty()) {
            awaitSynced(fallbacks, Scope.namespaces(scope.namespaces()), deadline);
        }
    }

    private LiveException failed(Pending p, String what, Throwable cause) {
        String where = KindWatch.CLUSTER.equals(p.namespace()) ? "cluster-wide" : "in namespace " + p.namespace();
        return new LiveException("LiveCache " + environment + " watch of " + p.watch().resource().qualifiedPlural()
                + " " + where + " " + what, cause);
    }

    /** Whether {@link #get} can answer for {@code key}: its kind is watched, in its namespace or cluster-wide. */
    public boolean covers(ResourceKey key) {
        KindWatch watch = watches.get(new ApiResource.GroupKind(key.group(), key.kind()));
        return watch != null && (watch.clusterWide() || watch.watches(key.namespace()));
    }

    /**
     * The cached object, or empty if it does not exist (or does not carry this environment's label). No API call.
     *
     * @throws LiveException if the cache does not cover {@code key} (an empty answer would read as "Missing"); use
     *                       {@link #fetch} for such objects
     */
    public Optional<GenericKubernetesResource> get(ResourceKey key) {
        KindWatch watch = watches.get(new ApiResource.GroupKind(key.group(), key.kind()));
        if (watch == null || !covers(key)) {
            throw new LiveException(key + " cache lookup failed: " + (watch == null ? "kind is not watched"
                    : "namespace is not watched") + " by LiveCache " + environment + "; fetch it instead");
        }
        return watch.get(key);
    }

    /**
     * A direct GET through the reconcile client, whatever its labels: for inventory objects the cache does not see
     * (label removed by hand, namespace outside the scope). Empty on 404.
     */
    public Optional<GenericKubernetesResource> fetch(ResourceKey key, ApiResource kind) {
        try {
            var op = connection.reconcileClient().genericKubernetesResources(kind.context());
            var resource = kind.namespaced() ? op.inNamespace(key.namespace()).withName(key.name()) : op.withName(key.name());
            return Optional.ofNullable(resource.get());
        } catch (KubernetesClientException e) {
            throw new LiveException(key + " get failed: " + ApiErrors.describe(e), e);
        }
    }

    /**
     * Answers only when the cache follows the cluster. With every watch open this makes no API call. When a watch is
     * down (its connection dropped: the API server may be gone, or the watch is just being re-opened) one GET
     * {@code /version} through the reconcile client tells: if it fails, the cache may be out of date and this throws,
     * so a check reports the outage instead of answering from a cache that no longer follows the cluster.
     *
     * @throws LiveException naming the watches that are down and why the API server did not answer
     */
    public void verifyFollowing() {
        List<String> down = new ArrayList<>();
        watches.values().forEach(w -> w.notWatching().forEach(ns -> down.add(w.resource().qualifiedPlural() + " "
                + (KindWatch.CLUSTER.equals(ns) ? "cluster-wide" : "in namespace " + ns))));
        if (down.isEmpty()) {
            return;
        }
        try {
            connection.reconcileClient().getKubernetesVersion();
            LOG.debug("LiveCache {}: watch of {} re-opening; the API server answers", environment, down);
        } catch (KubernetesClientException e) {
            throw new LiveException("API server unreachable: the watch of " + String.join(", ", down.stream().sorted()
                    .toList()) + " is down and GET /version failed: " + rootMessage(e)
                    + "; the cluster's state is unknown until it answers again", e);
        }
    }

    /**
     * The names of every object of {@code kind} in {@code namespace} ({@code null}: a cluster-scoped kind), whatever
     * their labels: one metadata-only LIST per 500 objects through the reconcile client, instead of a {@link #fetch}
     * per object when many objects the cache does not hold need checking.
     *
     * @throws LiveException when the API server refuses or cannot be reached
     */
    public Set<String> names(ApiResource kind, String namespace) {
        return NameList.of(connection.reconcileClient(), connection.server(), kind, namespace);
    }

    /**
     * Waits (at most {@code timeout}) until the cache holds each key at a resourceVersion other than the one given
     * ({@code null}: until it holds the key at all): after Plumbline wrote these objects, their watch events are on
     * their way, and a check that waits for them reads memory instead of the API server. Keys the cache does not cover
     * are not waited for.
     *
     * @return whether every covered key arrived in time
     */
    public boolean awaitChanged(Map<ResourceKey, String> previous, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<ResourceKey, String> e : previous.entrySet()) {
            while (covers(e.getKey()) && !changed(e.getKey(), e.getValue())) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private boolean changed(ResourceKey key, String previousVersion) {
        Optional<GenericKubernetesResource> now = get(key);
        return now.isPresent() && !now.get().getMetadata().getResourceVersion().equals(previousVersion);
    }

    /** Every cached object, in {@link ResourceKey} order. */
    public List<GenericKubernetesResource> all() {
        List<Map.Entry<ResourceKey, GenericKubernetesResource>> keyed = new ArrayList<>();
        for (KindWatch watch : watches.values()) {
            watch.all().forEach(o -> keyed.add(Map.entry(watch.keyOf(o), o)));
        }
        keyed.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return keyed.stream().map(Map.Entry::getValue).toList();
    }

    /** The kinds watched now. */
    public Set<ApiResource> watching() {
        return watches.values().stream().map(KindWatch::resource).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Calls {@code listener} for every informer event from now on (initial lists included, as ADDED), on an informer
     * thread: keep it short. Close the returned handle to unsubscribe.
     */
    public AutoCloseable onChange(Consumer<LiveEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Stops the informers of a kind that left the render; its objects leave the cache. */
    public synchronized void stopWatching(ApiResource.GroupKind kind) {
        KindWatch watch = watches.remove(kind);
        if (watch != null) {
            watch.stopAll();
        }
    }

    public void stopWatching(ApiResource kind) {
        stopWatching(kind.groupKind());
    }

    @Override
    public synchronized void close() {
        List.copyOf(watches.keySet()).forEach(this::stopWatching);
        listeners.clear();
    }

    private void publish(LiveEvent event) {
        for (Consumer<LiveEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("LiveCache {}: listener for {} failed: {}", environment, event.key(), e.toString(), e);
            }
        }
    }

    private static int statusCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() > 0) {
                return k.getCode();
            }
        }
        return -1;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure.getCause() != null ? failure.getCause() : failure;
        return t instanceof KubernetesClientException k ? ApiErrors.describe(k) : ApiErrors.root(t);
    }

    private record Pending(KindWatch watch, String namespace) {
    }
}
