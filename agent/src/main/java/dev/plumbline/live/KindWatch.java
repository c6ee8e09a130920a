package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The informers of one kind for one environment: a single cluster-wide informer, or one per namespace.
 * Informers are keyed by namespace, {@link #CLUSTER} for the cluster-wide one (a namespace name is never empty).
 * Without {@code watch} (a one-shot check) each is a single LIST instead, held as it was answered: the same objects an
 * informer's initial list holds, without the watch connections and threads a process that ends right after does not
 * need.
 */
final class KindWatch {

    private static final Logger LOG = LoggerFactory.getLogger(KindWatch.class);

    static final String CLUSTER = "";

    private final ApiResource resource;
    private final boolean watch;
    private final Map<String, Store> informers = new ConcurrentHashMap<>();

    KindWatch(ApiResource resource, boolean watch) {
        this.resource = resource;
        this.watch = watch;
    }

    ApiResource resource() {
        return resource;
    }

    boolean clusterWide() {
        return informers.containsKey(CLUSTER);
    }

    boolean watchesAnyNamespace() {
        return !informers.isEmpty();
    }

    boolean watches(String namespace) {
        return informers.containsKey(namespace == null ? CLUSTER : namespace);
    }

    /**
     * Creates and starts the informer for {@code namespace} ({@link #CLUSTER}: all namespaces); the future completes
     * when its initial list is in the store, or fails (e.g. 403) — the informer then stops and is forgotten.
     */
    CompletableFuture<Void> start(KubernetesClient watchClient, String namespace, Map<String, String> labels,
                                  long listLimit, Consumer<LiveEvent> events) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                watchClient.genericKubernetesResources(resource.context());
        FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> scoped =
                !resource.namespaced() ? op : CLUSTER.equals(namespace) ? op.inAnyNamespace() : op.inNamespace(namespace);
        if (!watch) {
            return listOnce(scoped.withLabels(labels), namespace, listLimit, events);
        }
        SharedIndexInformer<GenericKubernetesResource> shared = scoped.withLabels(labels).withLimit(listLimit)
                .runnableInformer(0);
        shared.itemStore(new CompactObjects.Store()); // managedFields compact (decision 0046)
        shared.addEventHandler(new Handler(events));
        Store informer = new InformerStore(shared);
        informers.put(namespace, informer);
        // An informer that gave up (failed start, or a watch error Fabric8 does not retry) must not keep answering
        // from a store that no longer follows the cluster: forget it, so the kind reads as not covered and the next
        // ensureWatching starts it again.
        shared.stopped().whenComplete((ok, failure) -> {
            if (informers.remove(namespace, informer) && failure != null) {
                LOG.warn("{} informer {} stopped: {}", resource.qualifiedPlural(),
                        CLUSTER.equals(namespace) ? "cluster-wide" : "in namespace " + namespace, failure.toString());
            }
        });
        return shared.start().toCompletableFuture().whenComplete((ok, failure) -> {
            if (failure != null && informers.remove(namespace, informer)) {
                informer.stop();
            }
        });
    }

    /**
     * Where this kind's watch is down now ({@link #CLUSTER}: the cluster-wide one): the informer runs but has no watch
     * open (its connection dropped and it is re-establishing it). No API call.
     */
    List<String> notWatching() {
        List<String> down = new ArrayList<>();
        informers.forEach((namespace, store) -> {
            if (store.watchDown()) {
                down.add(namespace);
            }
        });
        return down;
    }

    /** One paged LIST on its own thread (lists of several kinds run at once, as informers' do); ADDED per object. */
    private CompletableFuture<Void> listOnce(FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> selected, String namespace, long listLimit, Consumer<LiveEvent> events) {
        return CompletableFuture.runAsync(() -> {
            Map<String, GenericKubernetesResource> objects = new ConcurrentHashMap<>();
            String next = null;
            do {
                GenericKubernetesResourceList page = selected.list(new ListOptionsBuilder().withLimit(listLimit)
                        .withContinue(next).build());
                for (GenericKubernetesResource o : page.getItems()) {
                    objects.put(Cache.metaNamespaceKeyFunc(o), o);
                    events.accept(new LiveEvent(LiveEvent.Type.ADDED, keyOf(o), o.getMetadata().getResourceVersion()));
                }
                next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (next != null && !next.isEmpty());
            informers.put(namespace, new ListedStore(objects));
        }, r -> {
            Thread t = new Thread(r, "plumbline-list-" + resource.qualifiedPlural());
            t.setDaemon(true);
            t.start();
        });
    }

    void stop(String namespace) {
        Store informer = informers.remove(namespace);
        if (informer != null) {
            informer.stop();
        }
    }

    void stopAll() {
        List.copyOf(informers.keySet()).forEach(this::stop);
    }

    Optional<GenericKubernetesResource> get(ResourceKey key) {
        String ns = resource.namespaced() ? key.namespace() : null;
        Store informer = informers.getOrDefault(CLUSTER, ns == null ? null : informers.get(ns));
        if (informer == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.get(Cache.namespaceKeyFunc(ns, key.name())));
    }

    List<GenericKubernetesResource> all() {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        informers.values().forEach(i -> objects.addAll(i.list()));
        return objects;
    }

    ResourceKey keyOf(GenericKubernetesResource object) {
        return ResourceKey.of(resource.group(), resource.kind(),
                resource.namespaced() ? object.getMetadata().getNamespace() : null, object.getMetadata().getName());
    }

    /** What one informer, or one LIST, holds; keys as {@link Cache#namespaceKeyFunc}. */
    private interface Store {

        GenericKubernetesResource get(String key);

        List<GenericKubernetesResource> list();

        /** An informer that runs but has no watch open now; never a one-shot LIST. */
        boolean watchDown();

        void stop();
    }

    private record InformerStore(SharedIndexInformer<GenericKubernetesResource> informer) implements Store {

        @Override
        public GenericKubernetesResource get(String key) {
            return informer.getStore().getByKey(key);
        }

        @Override
        public List<GenericKubernetesResource> list() {
            return informer.getStore().list();
        }

        @Override
        public boolean watchDown() {
            return informer.isRunning() && !informer.isWatching();
        }

        @Override
        public void stop() {
            informer.stop();
        }
    }

    private record ListedStore(Map<String, GenericKubernetesResource> objects) implements Store {

        @Override
        public GenericKubernetesResource get(String key) {
            return objects.get(key);
        }

        @Override
        public List<GenericKubernetesResource> list() {
            return List.copyOf(objects.values());
        }

        @Override
        public boolean watchDown() {
            return false; // a one-shot LIST watches nothing
        }

        @Override
        public void stop() {
            // nothing runs
        }
    }

    /** Informer callbacks to {@link LiveEvent}s; an update that changes nothing (a resync) is not an event. */
    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {

        private final Consumer<LiveEvent> events;

        Handler(Consumer<LiveEvent> events) {
            this.events = events;
        }

        @Override
        public void onAdd(GenericKubernetesResource obj) {
            events.accept(new LiveEvent(LiveEvent.Type.ADDED, keyOf(obj), obj.getMetadata().getResourceVersion()));
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            String rv = newObj.getMetadata().getResourceVersion();
            if (!Objects.equals(oldObj.getMetadata().getResourceVersion(), rv)) {
                events.accept(new LiveEvent(LiveEvent.Type.MODIFIED, keyOf(newObj), rv));
            }
        }

        @Override
        public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            events.accept(new LiveEvent(LiveEvent.Type.DELETED, keyOf(obj), obj.getMetadata().getResourceVersion()));
        }
    }
}
