package dev.plumbline.inventory;

import dev.plumbline.resource.ResourceKey;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The objects Plumbline applied to one environment and has not yet seen deleted: the only objects it may prune.
 * Immutable; one entry per {@link ResourceKey}, in key order.
 *
 * @param environment     the environment's name
 * @param entries         the applied objects, sorted by key, unique by key
 * @param resourceVersion the stored head object's resourceVersion (the optimistic-concurrency token),
 *                        {@code null} if never stored
 * @param owner           the source that owns the environment; {@code null}: unclaimed (never stored, or stored by a
 *                        release that did not record owners), so the first source that syncs claims it
 * @param uid             the stored head object's UID, {@code null} if never stored (or not known): what the sync's
 *                        summary Event names as its involved object, so {@code kubectl describe} finds it
 */
public record Inventory(String environment, List<InventoryEntry> entries, String resourceVersion, Owner owner,
                        String uid) {

    public Inventory {
        Objects.requireNonNull(environment, "environment");
        entries = List.copyOf(byKey(entries == null ? List.of() : entries).values());
    }

    /** An inventory whose head's UID is not known. */
    public Inventory(String environment, List<InventoryEntry> entries, String resourceVersion, Owner owner) {
        this(environment, entries, resourceVersion, owner, null);
    }

    /** An unclaimed inventory. */
    public Inventory(String environment, List<InventoryEntry> entries, String resourceVersion) {
        this(environment, entries, resourceVersion, null);
    }

    public static Inventory empty(String environment) {
        return new Inventory(environment, List.of(), null, null);
    }

    /**
     * This inventory with {@code added} entries; an entry for a key already present replaces it (new apiVersion),
     * keeping the recorded UID when the new entry knows none (intent written before an apply).
     */
    public Inventory plus(Collection<InventoryEntry> added) {
        SortedMap<ResourceKey, InventoryEntry> map = byKey(entries);
        added.forEach(e -> map.merge(e.key(), e, (old, now) -> now.uid() == null ? now.withUid(old.uid()) : now));
        return new Inventory(environment, List.copyOf(map.values()), resourceVersion, owner, uid);
    }

    /** This inventory without the entries of {@code removed} keys (absent keys are ignored). */
    public Inventory minus(Collection<ResourceKey> removed) {
        SortedMap<ResourceKey, InventoryEntry> map = byKey(entries);
        removed.forEach(map::remove);
        return new Inventory(environment, List.copyOf(map.values()), resourceVersion, owner, uid);
    }

    /** This inventory with the UIDs the API server answered the applies with; keys it does not hold are ignored. */
    public Inventory withUids(Map<ResourceKey, String> uids) {
        SortedMap<ResourceKey, InventoryEntry> map = byKey(entries);
        uids.forEach((key, uid) -> map.computeIfPresent(key, (k, e) -> e.withUid(uid)));
        return new Inventory(environment, List.copyOf(map.values()), resourceVersion, owner, uid);
    }

    /** Owned by {@code claimant}: unchanged if another source owns it (see {@link #conflictWith}). */
    public Inventory claimedBy(Owner claimant) {
        return owner != null ? this : new Inventory(environment, entries, resourceVersion, claimant, uid);
    }

    /** The conflict when another source than {@code claimant} owns this environment; none when unclaimed. */
    public Optional<OwnershipConflict> conflictWith(Owner claimant) {
        return owner == null || owner.equals(claimant) ? Optional.empty()
                : Optional.of(new OwnershipConflict(environment, owner, claimant));
    }

    /** Entries whose key is not in {@code desired}: the prune candidates, in key order. */
    public List<InventoryEntry> orphans(Set<ResourceKey> desired) {
        return entries.stream().filter(e -> !desired.contains(e.key())).toList();
    }

    public boolean contains(ResourceKey key) {
        return find(key).isPresent();
    }

    public Optional<InventoryEntry> find(ResourceKey key) {
        int low = 0;
        int high = entries.size() - 1;
        while (low <= high) { // entries are sorted and unique by key
            int mid = (low + high) >>> 1;
            int cmp = entries.get(mid).key().compareTo(key);
            if (cmp == 0) {
                return Optional.of(entries.get(mid));
            }
            if (cmp < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.empty();
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Same entries (UIDs included) and owner as {@code other}, whatever the resourceVersions: saving would change nothing. */
    public boolean sameEntries(Inventory other) {
        return environment.equals(other.environment) && entries.equals(other.entries) && Objects.equals(owner, other.owner);
    }

    public Inventory withResourceVersion(String newResourceVersion) {
        return new Inventory(environment, entries, newResourceVersion, owner, uid);
    }

    /** This inventory as stored: the head's new resourceVersion and its UID. */
    public Inventory stored(String newResourceVersion, String headUid) {
        return new Inventory(environment, entries, newResourceVersion, owner, headUid);
    }

    private static SortedMap<ResourceKey, InventoryEntry> byKey(Collection<InventoryEntry> entries) {
        SortedMap<ResourceKey, InventoryEntry> map = new TreeMap<>();
        entries.forEach(e -> map.put(e.key(), e));
        return map;
    }

    @Override
    public String toString() {
        return "Inventory " + environment + " (" + entries.size() + " objects" + (owner == null ? "" : ", owner " + owner)
                + (resourceVersion == null ? ", never stored)" : ", resourceVersion " + resourceVersion + ")");
    }
}
