package dev.plumbline.sync;

import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.engine.Applied;
import dev.plumbline.engine.ApplyRequest;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.LiveObjects;
import dev.plumbline.engine.PruneRequest;
import dev.plumbline.engine.Pruned;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.inventory.Owner;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.Restrictions;
import dev.plumbline.resource.ResourceKey;

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
 * are {@link SyncPlan}, {@link PruneGuard}, the {@link Engine}'s apply (via {@link Waves}) and prune. See the package
 * documentation for the semantics. Thread-safe; one sync per environment at a time is the caller's to ensure (the
 * inventory's optimistic concurrency catches a violation, it does not serialize syncs).
 */
public final class SyncEngine {

    private final Engine engine;
    private final LiveObjects live;
    private final InventoryStore inventories;
    private final HealthCheck health;

    /**
     * @param engine      diff, apply, prune and wait on the environment's connection
     * @param live        live objects for verdicts not passed in, and for ignoreDifferences' live values
     * @param inventories the state namespace's inventory store, on the reconcile client: it also writes the sync's
     *                    summary Event (on the agent's identity, like the inventory; counted)
     * @param health      decides when a wave is ready for the next
     */
    public SyncEngine(Engine engine, LiveObjects live, InventoryStore inventories, HealthCheck health) {
        this.engine = engine;
        this.live = live;
        this.inventories = inventories;
        this.health = health;
    }

    /**
     * The inventory is read once per sync at most: the request passes the one its caller holds (else it is read here),
     * every write is a compare-and-swap from the inventory in hand (read again only when one loses a race), and the
     * ChangeSet hands back the inventory as the sync left it. Then one summary Event on that inventory's head
     * ({@link SyncSummary}; none in a dry run or when nothing changed or failed).
     */
    public ChangeSet sync(SyncRequest request) {
        ChangeSet changes = converge(request);
        if (request.options().events() && changes.inventory() != null) {
            SyncSummary.of(changes).ifPresent(s -> inventories.recordEvent(changes.inventory(), s.type(), s.reason(),
                    s.message()));
        }
        return changes;
    }

    private ChangeSet converge(SyncRequest request) {
        Inventory inventory = request.inventory() != null ? request.inventory() : inventories.load(request.environment());
        Optional<OwnershipConflict> conflict = inventory.conflictWith(request.options().owner());
        if (conflict.isPresent()) { // decided before any diff: another source's objects are not even compared
            return conflicted(request, conflict.get()).withInventory(inventory);
        }
        SyncPlan plan = SyncPlan.of(request.desired(), verdicts(request));
        List<InventoryEntry> orphans = SyncPlan.pruneOrder(inventory.orphans(desiredKeys(request)));
        Optional<String> guard = request.pruning() ? PruneGuard.check(request.desired().size(), inventory.size(),
                orphans.size(), request.policy().sync(), request.options().confirmPrune()) : Optional.empty();
        if (guard.isPresent()) {
            return stopped(request, plan, orphans, guard.get()).withInventory(inventory);
        }
        Inventory intended = recordIntent(request, plan, inventory);
        conflict = intended.conflictWith(request.options().owner());
        if (conflict.isPresent()) { // another source claimed it between our read and our write
            return conflicted(request, conflict.get()).withInventory(intended);
        }
        List<Applied> outcomes = new ArrayList<>();
        List<ChangeEntry> applied = waves(request).apply(plan, outcomes::add);
        Map<ResourceKey, String> uids = request.options().dryRun() ? Map.of() : uids(plan, outcomes, inventory);
        List<ResourceKey> gone = new ArrayList<>();
        List<ChangeEntry> pruned = prune(request, orphans, applied, gone);
        Inventory left = recordOutcome(request, intended, uids, gone);
        return changeSet(request, plan, applied, pruned, null, null).withInventory(left);
    }

    /** The request's verdicts, and a diff of every desired object it has none for (ignored ones are never compared). */
    private Map<ResourceKey, DriftEntry> verdicts(SyncRequest request) {
        Map<ResourceKey, DriftEntry> verdicts = new HashMap<>(request.verdicts());
        for (DesiredObject object : request.desired()) {
            if (!verdicts.containsKey(object.key()) && !object.ignored()) {
                var current = live.get(object.key(), object.apiVersion()).orElse(null);
                verdicts.put(object.key(), engine.diff(new DesiredInput(object.key(), object.apiVersion(), object.body()),
                        current, request.policy().ignoreDifferences(), request.environment()));
            }
        }
        return verdicts;
    }

    /**
     * One inventory write before anything is applied, adding every object this sync applies or finds unchanged
     * (not those it skips: a conflicting object is not Plumbline's to prune later), and claiming the environment for
     * this sync's source if no source owns it yet. Nothing new: no write.
     *
     * @return the inventory written, or {@code inventory} when nothing was; one naming another owner if another
     *         source's claim won the race for it
     */
    private Inventory recordIntent(SyncRequest request, SyncPlan plan, Inventory inventory) {
        Set<ResourceKey> decidedOther = plan.decided().stream().filter(e -> e.action() != Action.UNCHANGED)
                .map(ChangeEntry::key).collect(Collectors.toSet());
        List<InventoryEntry> entries = request.desired().stream()
                .filter(o -> !o.ignored() && !decidedOther.contains(o.key()))
                .map(o -> new InventoryEntry(o.key(), o.apiVersion())).toList();
        Owner owner = request.options().owner();
        if (request.options().dryRun() || inventory.claimedBy(owner).plus(entries).sameEntries(inventory)) {
            return inventory;
        }
        Inventory written = inventories.update(inventory, current -> current.conflictWith(owner).isPresent()
                ? current : current.claimedBy(owner).plus(entries));
        if (written.conflictWith(owner).isEmpty()) {
            request.options().listener().inventoryWritten(written);
        }
        return written;
    }

    /**
     * The UIDs the API server answered the applies with, and those of unchanged objects the inventory knows none of
     * (an inventory of an earlier release): prune later deletes only the object with that UID. Only those that are new
     * to the inventory.
     */
    private Map<ResourceKey, String> uids(SyncPlan plan, List<Applied> outcomes, Inventory loaded) {
        Map<ResourceKey, String> uids = new HashMap<>();
        outcomes.stream().filter(o -> o.answer() != null && o.answer().getMetadata().getUid() != null)
                .forEach(o -> uids.put(o.key(), o.answer().getMetadata().getUid()));
        for (ChangeEntry unchanged : plan.decided()) {
            if (unchanged.action() == Action.UNCHANGED && loaded.find(unchanged.key()).map(e -> e.uid() == null).orElse(true)) {
                live.get(unchanged.key(), unchanged.apiVersion()).map(o -> o.getMetadata().getUid())
                        .ifPresent(uid -> uids.put(unchanged.key(), uid));
            }
        }
        uids.entrySet().removeIf(e -> loaded.find(e.getKey()).map(InventoryEntry::uid).filter(e.getValue()::equals).isPresent());
        return uids;
    }

    /**
     * One inventory write after the sync (none in a dry run, none when nothing changed): the UIDs of what was applied,
     * and without what was pruned or turned out not to be ours. A crash before it loses only UIDs, which the next sync
     * records again (or the prune identity check treats as an earlier release's entry).
     */
    private Inventory recordOutcome(SyncRequest request, Inventory intended, Map<ResourceKey, String> uids,
                                    List<ResourceKey> gone) {
        if (request.options().dryRun() || (uids.isEmpty() && gone.isEmpty())) {
            return intended;
        }
        return inventories.update(intended, current -> current.withUids(uids).minus(gone));
    }

    private Waves waves(SyncRequest request) {
        Set<ResourceKey> namespaces = request.desired().stream().map(DesiredObject::key)
                .filter(k -> k.kind().equals("Namespace") && k.group().isEmpty()).collect(Collectors.toSet());
        ApplyRequest apply = new ApplyRequest(request.environment(), request.policy().ignoreDifferences(),
                request.options().fieldManager(), request.options().dryRun(), request.policy().sync().waitTimeout(), live,
                namespaces);
        return new Waves(engine, apply, health, request);
    }

    /**
     * Prunes in reverse order; an object leaves the inventory ({@code gone}) only once its deletion is confirmed, or
     * once it turned out not to be the object Plumbline applied.
     */
    private List<ChangeEntry> prune(SyncRequest request, List<InventoryEntry> orphans, List<ChangeEntry> applied,
                                    List<ResourceKey> gone) {
        String notNow = !request.pruning() ? "not pruned: pruning is off for this sync"
                : applied.stream().anyMatch(e -> e.action() == Action.FAILED) ? "not pruned: the apply had failures"
                : null;
        PruneRequest prune = new PruneRequest(request.environment(), restrictions(request),
                request.options().fieldManager(), request.options().dryRun());
        List<ChangeEntry> out = new ArrayList<>();
        for (InventoryEntry orphan : orphans) {
            Pruned decision = notNow != null ? new Pruned(orphan.key(), orphan.apiVersion(), Pruned.Result.SKIPPED,
                    notNow, false) : engine.prune(orphan, prune);
            ChangeEntry entry = ChangeEntry.of(decision);
            request.options().listener().pruned(entry);
            out.add(entry);
            if (decision.leavesInventory()) {
                gone.add(orphan.key());
            }
        }
        return out;
    }

    /** A guard stopped the sync: nothing applied, nothing pruned, nothing written. */
    private static ChangeSet stopped(SyncRequest request, SyncPlan plan, List<InventoryEntry> orphans, String guard) {
        List<ChangeEntry> notApplied = plan.applied().stream().map(p -> ChangeEntry.of(p.object().key(),
                p.object().apiVersion(), Action.SKIPPED, "not applied: " + guard)).toList();
        List<ChangeEntry> notPruned = orphans.stream().map(o -> ChangeEntry.of(o.key(), o.apiVersion(), Action.SKIPPED,
                "not pruned: " + guard)).toList();
        return changeSet(request, plan, notApplied, notPruned, guard, null);
    }

    /**
     * Another source owns the environment: every desired object is skipped, nothing is compared, applied, pruned or
     * written. The inventory is the other source's, so its entries are not listed.
     */
    private static ChangeSet conflicted(SyncRequest request, OwnershipConflict conflict) {
        List<ChangeEntry> entries = request.desired().stream().map(o -> ChangeEntry.of(o.key(), o.apiVersion(),
                Action.SKIPPED, "not applied: another source owns environment " + request.environment())).toList();
        return new ChangeSet(request.environment(), request.revision(), request.options().dryRun(), entries,
                conflict.message(), conflict);
    }

    /** The restrictions of the environment's current policy, inside the operator's limits: prune stays inside both. */
    private static Restrictions restrictions(SyncRequest request) {
        var r = request.policy().restrictions();
        Restrictions git = r == null ? Restrictions.unrestricted() : new Restrictions(r.namespaces(), r.clusterScoped());
        Restrictions limits = request.options().limits();
        return limits == null ? git : git.within(limits);
    }

    /** Desired objects in apply order, then prune candidates in prune order. */
    private static ChangeSet changeSet(SyncRequest request, SyncPlan plan, List<ChangeEntry> applied,
                                       List<ChangeEntry> pruned, String guard, OwnershipConflict conflict) {
        Map<ResourceKey, ChangeEntry> byKey = new LinkedHashMap<>();
        plan.decided().forEach(e -> byKey.put(e.key(), e));
        applied.forEach(e -> byKey.put(e.key(), e));
        List<ChangeEntry> entries = new ArrayList<>();
        plan.order().stream().map(byKey::get).filter(java.util.Objects::nonNull).forEach(entries::add);
        entries.addAll(pruned);
        return new ChangeSet(request.environment(), request.revision(), request.options().dryRun(), entries, guard, conflict);
    }

    private static Set<ResourceKey> desiredKeys(SyncRequest request) {
        return request.desired().stream().map(DesiredObject::key).collect(Collectors.toSet());
    }
}
