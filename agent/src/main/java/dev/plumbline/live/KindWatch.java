package dev.plumbline.live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
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
 */
final class KindWatch {

    private static final Logger LOG = LoggerFactory.getLogger(KindWatch.class);

    static final String CLUSTER = "";

    private final ApiResource resource;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();

    KindWatch(ApiResource resource) {
        this.resource = resource;
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
        SharedIndexInformer<GenericKubernetesResource> informer = scoped.withLabels(labels).withLimit(listLimit)
                .runnableInformer(0);
        informer.addEventHandler(new Handler(events));
        informers.put(namespace, informer);
        // An informer that gave up (failed start, or a watch error Fabric8 does not retry) must not keep answering
        // from a store that no longer follows the cluster: forget it, so the kind reads as not covered and the next
        // ensureWatching starts it again.
        informer.stopped().whenComplete((ok, failure) -> {
            if (informers.remove(namespace, informer) && failure != null) {
                LOG.warn("{} informer {} stopped: {}", resource.qualifiedPlural(),
                        CLUSTER.equals(namespace) ? "cluster-wide" : "in namespace " + namespace, failure.toString());
            }
        });
        return informer.start().toCompletableFuture().whenComplete((ok, failure) -> {
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
        informers.forEach((namespace, informer) -> {
            if (informer.isRunning() && !informer.isWatching()) {
                down.add(namespace);
            }
        });
        return down;
    }

    void stop(String namespace) {
        SharedIndexInformer<GenericKubernetesResource> informer = informers.remove(namespace);
        if (informer != null) {
            informer.stop();
        }
    }

    void stopAll() {
        List.copyOf(informers.keySet()).forEach(this::stop);
    }

    Optional<GenericKubernetesResource> get(ResourceKey key) {
        String ns = resource.namespaced() ? key.namespace() : null;
        SharedIndexInformer<GenericKubernetesResource> informer = informers.getOrDefault(CLUSTER,
                ns == null ? null : informers.get(ns));
        if (informer == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(ns, key.name())));
    }

    List<GenericKubernetesResource> all() {
        List<GenericKubernetesResource> objects = new ArrayList<>();
        informers.values().forEach(i -> objects.addAll(i.getStore().list()));
        return objects;
    }

    ResourceKey keyOf(GenericKubernetesResource object) {
        return ResourceKey.of(resource.group(), resource.kind(),
                resource.namespaced() ? object.getMetadata().getNamespace() : null, object.getMetadata().getName());
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
