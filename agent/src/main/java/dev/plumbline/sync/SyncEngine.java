package dev.plumbline.sync;

import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffEngine;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converges one environment: plan, guards, inventory, staged apply, prune. Reads like the DESIGN's script; the steps
 * are {@link SyncPlan}, {@link PruneGuard}, {@link Applier} (via {@link Waves}) and {@link Pruner}. See the package
 * documentation for the semantics. Thread-safe; one sync per environment at a time is the caller's to ensure (the
 * inventory's optimistic concurrency catches a violation, it does not serialize syncs).
 */
public final class SyncEngine {

    private final KubernetesClient client;
    private final Discovery discovery;
    private final LiveObjects live;
    private final DiffEngine diff;
    private final InventoryStore inventories;
    private final HealthCheck health;

    /**
     * @param cluster     its reconcile client makes every call (counted)
     * @param live        live objects for verdicts not passed in, and for ignoreDifferences' live values
     * @param inventories the state namespace's inventory store, on the reconcile client
     * @param health      decides when a wave is ready for the next
     */
    public SyncEngine(ClusterConnection cluster, Discovery discovery, LiveObjects live, DiffEngine diff,
                      InventoryStore inventories, HealthCheck health) {
        this.client = cluster.reconcileClient();
        this.discovery = discovery;
        this.live = live;
        this.diff = diff;
        this.inventories = inventories;
        this.health = health;
    }

    public ChangeSet sync(SyncRequest request) {
        SyncPlan plan = SyncPlan.of(request.desired(), verdicts(request));
        Inventory inventory = inventories.load(request.environment());
        List<InventoryEntry> orphans = SyncPlan.pruneOrder(inventory.orphans(desiredKeys(request)));
        Optional<String> guard = request.pruning() ? PruneGuard.check(request.desired().size(), inventory.size(),
                orphans.size(), request.policy().sync(), request.options().confirmPrune()) : Optional.empty();
        if (guard.isPresent()) {
            return stopped(request, plan, orphans, guard.get());
        }
        recordIntent(request, plan, inventory);
        try (SyncEvents events = events(request)) {
            List<ChangeEntry> applied = waves(request, events).apply(plan);
            List<ChangeEntry> pruned = prune(request, orphans, applied, events);
            return changeSet(request, plan, applied, pruned, null);
        }
    }

    /** The request's verdicts, and a diff of every desired object it has none for (ignored ones are never compared). */
    private Map<ResourceKey, DriftEntry> verdicts(SyncRequest request) {
        Map<ResourceKey, DriftEntry> verdicts = new HashMap<>(request.verdicts());
        for (DesiredObject object : request.desired()) {
            if (!verdicts.containsKey(object.key()) && !object.ignored()) {
                var current = live.get(object.key(), object.apiVersion()).orElse(null);
                verdicts.put(object.key(), diff.diff(new DesiredInput(object.key(), object.apiVersion(), object.body()),
                        current, request.policy().ignoreDifferences(), request.environment()));
            }
        }
        return verdicts;
    }

    /**
     * One inventory write before anything is applied, adding every object this sync applies or finds unchanged
     * (not those it skips: a conflicting object is not Plumbline's to prune later). Nothing new: no write.
     */
    private void recordIntent(SyncRequest request, SyncPlan plan, Inventory inventory) {
        Set<ResourceKey> decidedOther = plan.decided().stream().filter(e -> e.action() != Action.UNCHANGED)
                .map(ChangeEntry::key).collect(Collectors.toSet());
        List<InventoryEntry> entries = request.desired().stream()
                .filter(o -> !o.ignored() && !decidedOther.contains(o.key()))
                .map(o -> new InventoryEntry(o.key(), o.apiVersion())).toList();
        if (request.options().dryRun() || inventory.plus(entries).sameEntries(inventory)) {
            return;
        }
        Inventory written = inventories.update(request.environment(), current -> current.plus(entries));
        request.options().listener().inventoryWritten(written);
    }

    private Waves waves(SyncRequest request, SyncEvents events) {
        Set<ResourceKey> namespaces = request.desired().stream().map(DesiredObject::key)
                .filter(k -> k.kind().equals("Namespace") && k.group().isEmpty()).collect(Collectors.toSet());
        Applier applier = new Applier(client, discovery, live, diff, request, namespaces);
        return new Waves(applier, new HealthWait(client, discovery, health), events, request);
    }

    /** Prunes in reverse order; an object leaves the inventory only once its deletion is confirmed. */
    private List<ChangeEntry> prune(SyncRequest request, List<InventoryEntry> orphans, List<ChangeEntry> applied,
                                    SyncEvents events) {
        String notNow = !request.pruning() ? "not pruned: pruning is off for this sync"
                : applied.stream().anyMatch(e -> e.action() == Action.FAILED) ? "not pruned: the apply had failures"
                : null;
        Pruner pruner = new Pruner(client, discovery, diff.cache());
        List<ChangeEntry> out = new ArrayList<>();
        for (InventoryEntry orphan : orphans) {
            ChangeEntry entry = notNow != null ? ChangeEntry.of(orphan.key(), orphan.apiVersion(), Action.SKIPPED, notNow)
                    : pruner.prune(orphan, request.environment(), request.options().dryRun());
            if (events != null && notNow == null) {
                events.record(entry, null);
            }
            request.options().listener().pruned(entry);
            out.add(entry);
        }
        List<ResourceKey> gone = out.stream().filter(e -> e.action() == Action.PRUNED).map(ChangeEntry::key).toList();
        if (!request.options().dryRun() && !gone.isEmpty()) {
            inventories.update(request.environment(), current -> current.minus(gone));
        }
        return out;
    }

    /** Written beside the applies, and all written when the sync returns; none in a dry run. */
    private SyncEvents events(SyncRequest request) {
        return request.options().events() && !request.options().dryRun()
                ? new SyncEvents(client, request.environment(), request.revision(), request.options().parallelism()) : null;
    }

    /** A guard stopped the sync: nothing applied, nothing pruned, nothing written. */
    private static ChangeSet stopped(SyncRequest request, SyncPlan plan, List<InventoryEntry> orphans, String guard) {
        List<ChangeEntry> notApplied = plan.applied().stream().map(p -> ChangeEntry.of(p.object().key(),
                p.object().apiVersion(), Action.SKIPPED, "not applied: " + guard)).toList();
        List<ChangeEntry> notPruned = orphans.stream().map(o -> ChangeEntry.of(o.key(), o.apiVersion(), Action.SKIPPED,
                "not pruned: " + guard)).toList();
        return changeSet(request, plan, notApplied, notPruned, guard);
    }

    /** Desired objects in apply order, then prune candidates in prune order. */
    private static ChangeSet changeSet(SyncRequest request, SyncPlan plan, List<ChangeEntry> applied,
                                       List<ChangeEntry> pruned, String guard) {
        Map<ResourceKey, ChangeEntry> byKey = new LinkedHashMap<>();
        plan.decided().forEach(e -> byKey.put(e.key(), e));
        applied.forEach(e -> byKey.put(e.key(), e));
        List<ChangeEntry> entries = new ArrayList<>();
        plan.order().stream().map(byKey::get).filter(java.util.Objects::nonNull).forEach(entries::add);
        entries.addAll(pruned);
        return new ChangeSet(request.environment(), request.revision(), request.options().dryRun(), entries, guard);
    }

    private static Set<ResourceKey> desiredKeys(SyncRequest request) {
        return request.desired().stream().map(DesiredObject::key).collect(Collectors.toSet());
    }
}
