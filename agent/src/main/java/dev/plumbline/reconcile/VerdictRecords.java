package dev.plumbline.reconcile;

import dev.plumbline.engine.Engine;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.VerdictRecord;
import dev.plumbline.inventory.VerdictRecordStore;
import dev.plumbline.resource.ResourceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persisted InSync verdicts (decision 0047): an environment's first check in this run seeds the engine's verdict
 * cache from the record the last run left, so an object unchanged since (same uid and content, same desired object,
 * same API server build, field manager and identity) costs no dry-run; a scheduled cycle or sync that confirmed an
 * InSync verdict the record does not hold yet writes the record again. A steady cycle writes nothing (the claims are
 * the same; a status write changes no claim), and neither do read-only runs ({@code check}, {@code status}).
 */
final class VerdictRecords {

    private static final Logger LOG = LoggerFactory.getLogger(VerdictRecords.class);

    private final VerdictRecordStore store;
    private final WriteGate gate;
    private final boolean enabled;

    /**
     * @param enabled false for a one-shot run (the CLI: no watch): it makes no call for a record, reads none and
     *                writes none, so its requests stay exactly those of the check
     */
    VerdictRecords(VerdictRecordStore store, WriteGate gate, boolean enabled) {
        this.store = store;
        this.gate = gate;
        this.enabled = enabled;
    }

    /**
     * Before the environment's first diff in this run: seeds the engine from the stored record (one GET, none for an
     * environment whose inventory is empty: nothing was synced, so there is nothing to skip).
     */
    void seed(EnvironmentState state) {
        if (!enabled || state.recorded() != null) {
            return;
        }
        Inventory inventory = state.inventory();
        if (inventory == null || inventory.isEmpty()) {
            state.recordKnown(null);
            return;
        }
        Optional<VerdictRecord> stored = store.load(state.environment());
        state.recordKnown(stored.orElse(null));
        if (stored.isEmpty()) {
            return;
        }
        Engine engine = state.engine();
        VerdictRecord.Basis basis = engine.basis(state.identity());
        if (engine.seed(stored.get(), basis) == 0 && !stored.get().basis().equals(basis)) {
            LOG.info("{}: verdict record ignored, every object is dry-run: it was made under {}, this run is {}",
                    state.environment(), stored.get().basis(), basis);
        }
    }

    /** After a scheduled cycle or sync: writes the record when this run confirmed a verdict it does not hold. */
    void keep(EnvironmentState state, EnvironmentReport report) {
        if (!enabled || report.stale() || report.conflicted() || !gate.open(state.environment())) {
            return;
        }
        Engine engine = state.engine();
        List<VerdictRecord.Entry> now = engine.remembered(report.entries());
        EnvironmentState.Recorded held = state.recorded();
        if (held == null) {
            held = new EnvironmentState.Recorded(store.load(state.environment()).orElse(null));
        }
        VerdictRecord.Basis basis = engine.basis(state.identity());
        if (!news(now, held.record(), basis)) {
            state.recordKnown(held.record());
            return;
        }
        VerdictRecord next = new VerdictRecord(state.environment(), basis, merged(now, held.record(), basis, report),
                held.record() == null ? null : held.record().resourceVersion());
        store.save(next).ifPresentOrElse(state::recordKnown, state::recordLost);
    }

    /**
     * {@code now}, plus the held claims of objects reported InSync that this run did not confirm itself (an in-memory
     * verdict that followed a status write no longer knows its field ownership): each claim is checked against the live
     * object when it is used, so keeping it is safe, and dropping it would cost a dry-run after the next restart.
     */
    private static List<VerdictRecord.Entry> merged(List<VerdictRecord.Entry> now, VerdictRecord held,
                                                    VerdictRecord.Basis basis, EnvironmentReport report) {
        if (held == null || !held.basis().equals(basis)) {
            return now;
        }
        Map<ResourceKey, VerdictRecord.Entry> out = new java.util.TreeMap<>();
        java.util.Set<ResourceKey> inSync = new java.util.HashSet<>();
        report.entries().stream().filter(e -> e.inSync() && e.message() == null).forEach(e -> inSync.add(e.key()));
        held.entries().stream().filter(e -> inSync.contains(e.key())).forEach(e -> out.put(e.key(), e));
        now.forEach(e -> out.put(e.key(), e));
        return List.copyOf(out.values());
    }

    /** Whether {@code now} holds a claim {@code held} lacks (a claim gone needs no write: it no longer matches anyway). */
    private static boolean news(List<VerdictRecord.Entry> now, VerdictRecord held, VerdictRecord.Basis basis) {
        if (now.isEmpty()) {
            return false;
        }
        if (held == null || !held.basis().equals(basis)) {
            return true;
        }
        Map<ResourceKey, VerdictRecord.Entry> byKey = new HashMap<>();
        held.entries().forEach(e -> byKey.put(e.key(), e));
        return now.stream().anyMatch(e -> byKey.get(e.key()) == null || !byKey.get(e.key()).sameClaim(e));
    }
}
