package dev.plumbline.engine;

import dev.plumbline.diff.DesiredHash;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.resource.ResourceKey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Remembered verdicts, keyed by (object, hash of the desired object and its ignore rules, live resourceVersion).
 * A steady-state cycle finds every object here and makes no API call; any write to the object changes its
 * resourceVersion and any change in Git changes the hash, so a stale verdict is never returned. The one exception is
 * deliberate: an InSync verdict remembered with the live object's content hash holds for a new resourceVersion with the
 * same content, since nothing an apply could change has changed.
 *
 * <p>One slot per object (the latest verdict), least recently used evicted beyond the bound. Thread-safe. Private to
 * the engine: its diff fills it, its apply and prune update it, and outside it is only asked through
 * {@link Engine#judgedInSync}.
 */
final class VerdictCache {

    /**
     * @param contentHash for an InSync verdict, {@link DesiredHash#content} of the live object it holds for; else null
     * @param uid         {@code metadata.uid} of the live object it holds for, when known
     * @param claim       for an InSync verdict, {@link DesiredHash#claim} of the live object at exactly
     *                    {@code resourceVersion} (content and field ownership), when known: what a record persists
     * @param recorded    seeded from a persisted record ({@link #seed}), not yet seen to match a live object: it holds
     *                    only for that very object (uid) with that very content, and is no watch echo
     */
    private record Slot(String desiredHash, String resourceVersion, DriftEntry entry, String contentHash, String uid,
                        String claim, boolean recorded) {
    }

    private final Map<ResourceKey, Slot> slots;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong recordHits = new AtomicLong();

    VerdictCache(int maxEntries) {
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ResourceKey, Slot> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The verdict remembered for exactly this desired hash and live resourceVersion; counts a hit or a miss. */
    Optional<DriftEntry> get(ResourceKey key, String desiredHash, String resourceVersion) {
        return get(key, desiredHash, resourceVersion, null);
    }

    /**
     * Like {@link #get(ResourceKey, String, String)}, and also an InSync verdict remembered at an earlier
     * resourceVersion when the live object's content ({@code content}, asked only then) is the same as it was: a write
     * that changed only what an apply never changes (a controller's {@code status}, managedFields) leaves the object
     * InSync. The slot then moves to the new resourceVersion.
     */
    Optional<DriftEntry> get(ResourceKey key, String desiredHash, String resourceVersion, Supplier<String> content) {
        return get(key, desiredHash, resourceVersion, null, content, null);
    }

    /**
     * Like {@link #get(ResourceKey, String, String, Supplier)}; a slot {@link #seed seeded} from a persisted record
     * answers only for the live object it was recorded for: the same {@code uid}, the same content and field
     * ownership ({@code claim}, then always asked; without it, or without {@code content}, the slot never answers)
     * and the recorded or a later resourceVersion. Once it answered, it is an ordinary slot at this resourceVersion.
     */
    Optional<DriftEntry> get(ResourceKey key, String desiredHash, String resourceVersion, String uid,
                             Supplier<String> content, Supplier<String> claim) {
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
        }
        if (slot != null && slot.recorded()) {
            return recorded(key, slot, desiredHash, resourceVersion, uid, content, claim);
        }
        if (slot != null && slot.desiredHash().equals(desiredHash)) {
            if (Objects.equals(slot.resourceVersion(), resourceVersion)) {
                hits.incrementAndGet();
                return Optional.of(slot.entry());
            }
            if (content != null && slot.contentHash() != null && later(resourceVersion, slot.resourceVersion())
                    && slot.contentHash().equals(content.get())) {
                put(key, desiredHash, resourceVersion, slot.entry(), slot.contentHash(), slot.uid(), sameClaim(slot, claim));
                hits.incrementAndGet();
                return Optional.of(slot.entry());
            }
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    private Optional<DriftEntry> recorded(ResourceKey key, Slot slot, String desiredHash, String resourceVersion,
                                          String uid, Supplier<String> content, Supplier<String> claim) {
        boolean same = slot.desiredHash().equals(desiredHash) && uid != null && uid.equals(slot.uid())
                && content != null && claim != null && resourceVersion != null
                && (resourceVersion.equals(slot.resourceVersion()) || later(resourceVersion, slot.resourceVersion()))
                && slot.claim().equals(claim.get());
        if (!same) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        synchronized (slots) {
            if (slots.get(key) == slot) {
                slots.put(key, new Slot(desiredHash, resourceVersion, slot.entry(), content.get(), uid, slot.claim(), false));
            }
        }
        hits.incrementAndGet();
        recordHits.incrementAndGet();
        return Optional.of(slot.entry());
    }

    /**
     * Whether a verdict exists for this live resourceVersion (whatever the desired hash): a watch event for it is
     * the echo of something already compared, e.g. Plumbline's own apply. Counts neither hit nor miss. A slot seeded
     * from a record is no such verdict until a diff saw it match.
     */
    Optional<DriftEntry> judged(ResourceKey key, String resourceVersion) {
        synchronized (slots) {
            Slot slot = slots.get(key);
            return slot != null && !slot.recorded() && Objects.equals(slot.resourceVersion(), resourceVersion)
                    ? Optional.of(slot.entry()) : Optional.empty();
        }
    }

    /**
     * Like {@link #judged(ResourceKey, String)}, and also an InSync verdict remembered at an earlier resourceVersion
     * whose live content ({@code content}, asked only then) is the same: a write that changed only what an apply never
     * changes (a controller's {@code status}, managedFields) is no change. The slot then moves to the new
     * resourceVersion, so the next cycle's diff finds it at once. Counts neither hit nor miss.
     */
    Optional<DriftEntry> judged(ResourceKey key, String resourceVersion, Supplier<String> content) {
        return judged(key, resourceVersion, content, null);
    }

    /** Like {@link #judged(ResourceKey, String, Supplier)}; {@code claim} (may be null) keeps the slot's claim if equal. */
    Optional<DriftEntry> judged(ResourceKey key, String resourceVersion, Supplier<String> content, Supplier<String> claim) {
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
        }
        if (slot == null || slot.recorded()) {
            return Optional.empty();
        }
        if (Objects.equals(slot.resourceVersion(), resourceVersion)) {
            return Optional.of(slot.entry());
        }
        if (slot.contentHash() == null || !later(resourceVersion, slot.resourceVersion())
                || !slot.contentHash().equals(content.get())) {
            return Optional.empty();
        }
        synchronized (slots) {
            if (slots.get(key) != slot) { // a diff or an apply replaced it meanwhile: that one decides
                return Optional.empty();
            }
            slots.put(key, new Slot(slot.desiredHash(), resourceVersion, slot.entry(), slot.contentHash(), slot.uid(),
                    sameClaim(slot, claim), false));
        }
        return Optional.of(slot.entry());
    }

    /**
     * The slot's claim when the new version's ({@code claim}, asked only then) is the same: content and field ownership
     * as the dry-run saw them, so the record may keep it. Else null: the in-memory verdict follows the content, but a
     * persisted one must hold for exactly what was compared (decision 0047).
     */
    private static String sameClaim(Slot slot, Supplier<String> claim) {
        return slot.claim() != null && claim != null && slot.claim().equals(claim.get()) ? slot.claim() : null;
    }

    /**
     * Whether {@code candidate} is a later version of the object than {@code known}. A lagging watch cache hands out
     * older copies, and an older copy with the same content says nothing about the object now. resourceVersions are
     * opaque by contract, but etcd's are increasing integers; any other form is never taken as later.
     */
    static boolean later(String candidate, String known) {
        if (candidate == null || known == null) {
            return false;
        }
        try {
            return Long.parseLong(candidate) > Long.parseLong(known);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    void put(ResourceKey key, String desiredHash, String resourceVersion, DriftEntry entry) {
        put(key, desiredHash, resourceVersion, entry, null, null, null);
    }

    void put(ResourceKey key, String desiredHash, String resourceVersion, DriftEntry entry, String contentHash) {
        put(key, desiredHash, resourceVersion, entry, contentHash, null, null);
    }

    /**
     * @param contentHash of the live object, for an InSync verdict only (see {@link #get(ResourceKey, String, String, Supplier)})
     * @param uid         of the live object, when known (what a persisted record names)
     * @param claim       {@link DesiredHash#claim} of the live object, for an InSync verdict only (what a record keeps)
     */
    void put(ResourceKey key, String desiredHash, String resourceVersion, DriftEntry entry, String contentHash, String uid,
             String claim) {
        boolean inSync = entry.inSync();
        synchronized (slots) {
            slots.put(key, new Slot(desiredHash, resourceVersion, entry, inSync ? contentHash : null, uid,
                    inSync ? claim : null, false));
        }
    }

    /**
     * Seeds an InSync verdict a previous run persisted (a restarted agent, a new shard owner). It answers only as
     * {@link #get(ResourceKey, String, String, String, Supplier)} says; a slot this run already holds is kept.
     */
    void seed(ResourceKey key, String desiredHash, String resourceVersion, String uid, String claim, DriftEntry entry) {
        if (desiredHash == null || resourceVersion == null || uid == null || claim == null || !entry.inSync()) {
            return;
        }
        synchronized (slots) {
            slots.putIfAbsent(key, new Slot(desiredHash, resourceVersion, entry, null, uid, claim, true));
        }
    }

    /** What a record may persist of this object: an InSync verdict this run confirmed, with its uid and content. */
    Optional<Remembered> remembered(ResourceKey key) {
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
        }
        if (slot == null || slot.recorded() || !slot.entry().inSync() || slot.claim() == null || slot.uid() == null
                || slot.resourceVersion() == null || slot.entry().message() != null) {
            return Optional.empty();
        }
        return Optional.of(new Remembered(slot.desiredHash(), slot.resourceVersion(), slot.uid(), slot.claim()));
    }

    /** An InSync verdict as a record keeps it. */
    record Remembered(String desiredHash, String resourceVersion, String uid, String claim) {
    }

    /** Seeded slots that answered (no dry-run): what a persisted record saved. */
    long recordHits() {
        return recordHits.get();
    }

    /** Forgets the object's verdict, e.g. after Plumbline applied or deleted it. */
    void invalidate(ResourceKey key) {
        synchronized (slots) {
            slots.remove(key);
        }
    }

    void clear() {
        synchronized (slots) {
            slots.clear();
        }
    }

    int size() {
        synchronized (slots) {
            return slots.size();
        }
    }

    long hits() {
        return hits.get();
    }

    long misses() {
        return misses.get();
    }
}
