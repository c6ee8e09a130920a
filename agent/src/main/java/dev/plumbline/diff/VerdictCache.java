package dev.plumbline.diff;

import dev.plumbline.resource.ResourceKey;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembered verdicts, keyed by (object, hash of the desired object and its ignore rules, live resourceVersion).
 * A steady-state cycle finds every object here and makes no API call; any write to the object changes its
 * resourceVersion and any change in Git changes the hash, so a stale verdict is never returned.
 *
 * <p>One slot per object (the latest verdict), least recently used evicted beyond the bound. Thread-safe.
 */
public final class VerdictCache {

    private record Slot(String desiredHash, String resourceVersion, DriftEntry entry) {
    }

    private final Map<ResourceKey, Slot> slots;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public VerdictCache(int maxEntries) {
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ResourceKey, Slot> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The verdict remembered for exactly this desired hash and live resourceVersion; counts a hit or a miss. */
    public Optional<DriftEntry> get(ResourceKey key, String desiredHash, String resourceVersion) {
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
        }
        if (slot != null && slot.desiredHash().equals(desiredHash)
                && Objects.equals(slot.resourceVersion(), resourceVersion)) {
            hits.incrementAndGet();
            return Optional.of(slot.entry());
        }
        misses.incrementAndGet();
        return Optional.empty();
    }

    /**
     * Whether a verdict exists for this live resourceVersion (whatever the desired hash): a watch event for it is
     * the echo of something already compared, e.g. Plumbline's own apply. Counts neither hit nor miss.
     */
    public Optional<DriftEntry> judged(ResourceKey key, String resourceVersion) {
        synchronized (slots) {
            Slot slot = slots.get(key);
            return slot != null && Objects.equals(slot.resourceVersion(), resourceVersion) ? Optional.of(slot.entry()) : Optional.empty();
        }
    }

    public void put(ResourceKey key, String desiredHash, String resourceVersion, DriftEntry entry) {
        synchronized (slots) {
            slots.put(key, new Slot(desiredHash, resourceVersion, entry));
        }
    }

    /** Forgets the object's verdict, e.g. after Plumbline applied or deleted it. */
    public void invalidate(ResourceKey key) {
        synchronized (slots) {
            slots.remove(key);
        }
    }

    public void clear() {
        synchronized (slots) {
            slots.clear();
        }
    }

    public int size() {
        synchronized (slots) {
            return slots.size();
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }
}
