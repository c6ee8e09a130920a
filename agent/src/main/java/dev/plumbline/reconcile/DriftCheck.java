package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.engine.Engine;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.live.LiveException;
import dev.plumbline.live.Presence;
import dev.plumbline.live.Scope;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Desired vs live for one environment: resolve kinds, watch them, then one verdict per desired object (in render
 * order) and one per inventory object that left Git (Orphaned). Verdicts come from the {@link Engine}'s diff, whose
 * cache makes an unchanged object cost nothing.
 */
final class DriftCheck {

    private final Discovery discovery;
    private final Engine engine;
    private final ExecutorService pool;
    private final List<String> watchNamespaces;

    DriftCheck(Discovery discovery, Engine engine, ExecutorService pool, List<String> watchNamespaces) {
        this.discovery = discovery;
        this.engine = engine;
        this.pool = pool;
        this.watchNamespaces = watchNamespaces;
    }

    /** The verdicts; {@code textual} also keeps both compared objects per drifted object (for {@code plumbline diff}). */
    List<DriftEntry> check(EnvironmentState state, EnvironmentPolicy policy, List<DesiredObject> desired,
                           Map<ResourceKey, DiffResult> textual) {
        Map<ResourceKey, ApiResource> kinds = new LinkedHashMap<>();
        Map<ResourceKey, DriftEntry> unresolved = resolveKinds(desired, kinds);
        Inventory inventory = state.inventory();
        List<InventoryEntry> orphans = inventory.orphans(keys(desired));
        Map<ResourceKey, ApiResource> orphanKinds = new LinkedHashMap<>();
        orphans.forEach(o -> discovery.find(o.apiVersion(), o.key().kind()).ifPresent(r -> orphanKinds.put(o.key(), r)));
        Set<ApiResource> watched = new HashSet<>(kinds.values());
        watched.addAll(orphanKinds.values());
        Map<ApiResource, String> forbidden = watch(state.live(), watched, scope(policy, desired));
        Presence presence = Presence.of(state.live(), pool, desired.stream().map(DesiredObject::key).toList(), kinds, forbidden.keySet());

        List<Future<DriftEntry>> futures = new ArrayList<>();
        for (DesiredObject o : desired) {
            DriftEntry known = unresolved.get(o.key());
            ApiResource kind = kinds.get(o.key());
            String refused = kind == null ? null : forbidden.get(kind);
            if (known == null && refused != null) {
                known = DriftEntry.of(o.key(), o.apiVersion(), Verdict.Error, o.key() + " " + refused);
            }
            futures.add(known != null ? java.util.concurrent.CompletableFuture.completedFuture(known)
                    : pool.submit(() -> verdict(state, presence, o, kinds.get(o.key()), policy, textual)));
        }
        List<DriftEntry> entries = new ArrayList<>(join(futures));
        for (InventoryEntry orphan : orphans) {
            ApiResource kind = orphanKinds.get(orphan.key());
            if (kind != null && forbidden.containsKey(kind)) {
                entries.add(DriftEntry.of(orphan.key(), orphan.apiVersion(), Verdict.Error, orphan.key() + " " + forbidden.get(kind)));
                continue;
            }
            GenericKubernetesResource live = kind == null ? null : lookup(state.live(), orphan.key(), kind).orElse(null);
            entries.add(engine.orphaned(orphan.key(), orphan.apiVersion(), live));
        }
        return entries;
    }

    /**
     * Watches the kinds; those RBAC forbids to list/watch (403 even in the scope's namespaces) are returned with the
     * refusal, so their objects become Error verdicts while every other kind is still compared (and synced) — one
     * kind the agent may not read must not blind it to the whole environment. Any other failure is thrown.
     */
    private static Map<ApiResource, String> watch(LiveCache live, Set<ApiResource> kinds, Scope scope) {
        try {
            live.ensureWatching(kinds, scope);
            return Map.of();
        } catch (LiveException e) {
            if (forbidden(e) == null) {
                throw e;
            }
        }
        Map<ApiResource, String> refused = new HashMap<>();
        for (ApiResource kind : kinds) { // one by one, to tell which kinds are refused
            try {
                live.ensureWatching(List.of(kind), scope);
            } catch (LiveException e) {
                String status = forbidden(e);
                if (status == null) {
                    throw e;
                }
                refused.put(kind, "watch failed: HTTP 403: " + status);
            }
        }
        return refused;
    }

    /** The API server's message when {@code e} is a 403, else null. */
    private static String forbidden(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == 403) {
                return k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage() : k.getMessage();
            }
        }
        return null;
    }

    private DriftEntry verdict(EnvironmentState state, Presence presence, DesiredObject o, ApiResource kind,
                               EnvironmentPolicy policy, Map<ResourceKey, DiffResult> textual) {
        GenericKubernetesResource live = presence.known(o.key()).orElseGet(() -> lookup(state.live(), o.key(), kind)).orElse(null);
        DesiredInput input = input(o);
        var ignore = policy.ignoreDifferences();
        if (textual == null) {
            return engine.diff(input, live, ignore, state.environment());
        }
        DiffResult result = engine.diffWithObjects(input, live, ignore, state.environment());
        if (result.entry().status() != Verdict.InSync) {
            synchronized (textual) {
                textual.put(o.key(), result);
            }
        }
        return result.entry();
    }

    /**
     * From the watch cache; an object it does not hold (not labelled for this environment: new, another
     * environment's, created by hand, or its label removed) is read directly, so a name clash is a Conflict and
     * never an object silently taken over. {@link Presence} answers for many such objects at once beforehand.
     */
    private static Optional<GenericKubernetesResource> lookup(LiveCache live, ResourceKey key, ApiResource kind) {
        if (live.covers(key)) {
            Optional<GenericKubernetesResource> cached = live.get(key);
            if (cached.isPresent()) {
                return cached;
            }
        }
        return live.fetch(key, kind);
    }

    /** Kinds the cluster serves; others are Missing when a CRD in this render defines them, else Error. */
    private Map<ResourceKey, DriftEntry> resolveKinds(List<DesiredObject> desired, Map<ResourceKey, ApiResource> kinds) {
        Set<String> crdKinds = new HashSet<>();
        for (DesiredObject o : desired) {
            if (o.kind().equals("CustomResourceDefinition") && o.body().get("spec") instanceof Map<?, ?> spec
                    && spec.get("names") instanceof Map<?, ?> names) {
                crdKinds.add(spec.get("group") + "/" + names.get("kind"));
            }
        }
        Map<ResourceKey, DriftEntry> unresolved = new LinkedHashMap<>();
        for (DesiredObject o : desired) {
            Optional<ApiResource> r = discovery.find(o.apiVersion(), o.kind());
            if (r.isPresent()) {
                kinds.put(o.key(), r.get());
            } else if (crdKinds.contains(o.key().group() + "/" + o.kind())) {
                unresolved.put(o.key(), DriftEntry.of(o.key(), o.apiVersion(), Verdict.Missing,
                        "kind " + o.apiVersion() + "/" + o.kind() + " is defined by a CustomResourceDefinition in this render"));
            } else {
                unresolved.put(o.key(), Engine.kindNotServed(input(o)));
            }
        }
        return unresolved;
    }

    /** Cluster-wide watches; if RBAC forbids them, the namespaces Git may use (literal restrictions) or uses. */
    private Scope scope(EnvironmentPolicy policy, List<DesiredObject> desired) {
        if (watchNamespaces != null) {
            return Scope.namespaces(watchNamespaces);
        }
        Set<String> namespaces = new TreeSet<>();
        List<String> allowed = policy.restrictions().namespaces();
        if (allowed != null) {
            allowed.stream().filter(n -> !n.contains("*") && !n.contains("?")).forEach(namespaces::add);
        }
        desired.stream().map(o -> o.key().namespace()).filter(java.util.Objects::nonNull).forEach(namespaces::add);
        return Scope.cluster(namespaces);
    }

    private static DesiredInput input(DesiredObject o) {
        return new DesiredInput(o.key(), o.apiVersion(), o.body());
    }

    private static Set<ResourceKey> keys(List<DesiredObject> desired) {
        Set<ResourceKey> keys = new HashSet<>();
        desired.forEach(o -> keys.add(o.key()));
        return keys;
    }

    private static List<DriftEntry> join(List<Future<DriftEntry>> futures) {
        List<DriftEntry> out = new ArrayList<>(futures.size());
        try {
            for (Future<DriftEntry> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("drift check interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new ReconcileException("drift check failed: " + e.getCause(), e.getCause());
        }
        return out;
    }
}
