package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.engine.Engine;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.VerdictRecord;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.LiveCache;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.source.RecordingTree;
import dev.plumbline.sync.SyncEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * What the agent keeps in memory per environment between cycles, so that a steady-state cycle needs no API call:
 * the watch cache, the inventory and gate state as last read or written, recent renders, the last report. Also the
 * parts that read and write the environment's objects (cache, drift check, sync engine): with an impersonated
 * ServiceAccount they are on the environment's own connection, the state stores never are.
 *
 * <p>The remembered state is private; it changes only through transitions named for what happened (after
 * java-operator-sdk's {@code ResourceState}): {@link #inventoryRead}, {@link #inventoryWritten}, {@link #forgetPersisted},
 * {@link #synced}, {@link #reported}, {@link #failed}, {@link #backedOff}, {@link #liveChanged}. Callers hold the
 * state's monitor for a cycle or sync (the Reconciler does), so transitions of one run are not interleaved.
 */
final class EnvironmentState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentState.class);

    private final String environment;
    private final LiveCache live;
    private final SyncEngine syncEngine;
    private final DriftCheck drift;
    private final LiveChanges changes;
    /** The impersonating connection this environment owns and closes; {@code null}: the agent's own. */
    private final ClusterConnection own;
    /** As last read or written by this agent; {@code null}: read it before use. */
    private volatile Inventory inventory;
    private volatile EnvironmentControl control;
    private volatile SyncRecord lastSync;
    private volatile EnvironmentReport report;
    private volatile EnvironmentReport.Backoff backoff;
    /** The engine of this environment's diffs (the agent's, or the impersonating connection's own). */
    private final Engine engine;
    /** The verdict record as last read or written (decision 0047); {@code null}: not known; holding null: none stored. */
    private volatile Recorded recorded;

    /** A verdict record as known: {@code record} {@code null} when none is stored. */
    record Recorded(VerdictRecord record) {
    }
    /** Watch events since the last cycle that no InSync verdict explains yet: key → resourceVersion ("" = deleted). */
    private final Map<ResourceKey, String> unjudged = new ConcurrentHashMap<>();
    /** Each desired object's health as the last report assessed it: a status write that changes it is worth a cycle. */
    private volatile Map<ResourceKey, dev.plumbline.health.Health> assessed = Map.of();
    /** The last two renders by SHA: a pinned or gated environment alternates between its target and (when approved) the head. */
    private final Map<String, Rendered> renders = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
            return size() > 2;
        }
    };

    /**
     * A render kept for its revision: re-rendering an unchanged commit is wasted work. It keeps the policy and the
     * prepared (stamped, defaulted) objects only, not the render they were prepared from: with many environments
     * that second copy of every object was a third of the heap (issue 17's scale run; decision 0045).
     */
    record Rendered(String sha, EnvironmentPolicy policy, List<DesiredObject> desired, RecordingTree.Reads reads) {
    }

    EnvironmentState(String environment, LiveCache live, Engine engine, SyncEngine syncEngine, DriftCheck drift,
                     LiveChanges changes, ClusterConnection own) {
        this.environment = environment;
        this.engine = engine;
        this.live = live;
        this.syncEngine = syncEngine;
        this.drift = drift;
        this.changes = changes;
        this.own = own;
        this.report = EnvironmentReport.unknown(environment);
    }

    // ---- parts ----------------------------------------------------------------------------------------------------

    String environment() {
        return environment;
    }

    LiveCache live() {
        return live;
    }

    SyncEngine syncEngine() {
        return syncEngine;
    }

    DriftCheck drift() {
        return drift;
    }

    LiveChanges changes() {
        return changes;
    }

    Engine engine() {
        return engine;
    }

    /** Who this environment's requests are sent as: the impersonated user, or empty for the agent's own identity. */
    String identity() {
        return own == null ? "" : own.impersonatedUser();
    }

    // ---- persisted state, as this agent last saw it ----------------------------------------------------------------

    /** The verdict record as last read or written; {@code null}: not known yet. */
    Recorded recorded() {
        return recorded;
    }

    /** Read (or known to be absent), or written: the next write replaces exactly this one. */
    void recordKnown(VerdictRecord record) {
        recorded = new Recorded(record);
    }

    /** A write failed or lost a race: read the record again before the next write. */
    void recordLost() {
        recorded = null;
    }

    /** The inventory as last read or written; {@code null}: not known, read it. */
    Inventory inventory() {
        return inventory;
    }

    void inventoryRead(Inventory read) {
        inventory = read;
    }

    /** What a sync's writes left in the cluster: the next check and sync start from it without reading it again. */
    void inventoryWritten(Inventory written) {
        inventory = written;
    }

    /** A sync that stopped half-way may have written the inventory: read it again before use. */
    void inventoryUnknown() {
        inventory = null;
    }

    /** The gate state (approvals, pin, last applied) as last read or written; {@code null}: read it. */
    EnvironmentControl control() {
        return control;
    }

    void controlRead(EnvironmentControl read) {
        control = read;
    }

    void controlWritten(EnvironmentControl written) {
        control = written;
    }

    SyncRecord lastSync() {
        return lastSync;
    }

    /** A sync was recorded in history. */
    void synced(SyncRecord record) {
        lastSync = record;
    }

    /**
     * Another agent may have written the persisted state (a leader handover): forget the inventory, gate state and
     * last sync, so the next check reads them from the cluster.
     */
    void forgetPersisted() {
        inventory = null;
        control = null;
        lastSync = null;
    }

    // ---- reports -----------------------------------------------------------------------------------------------------

    EnvironmentReport report() {
        return report;
    }

    /** A fresh report, with the current backoff; logged when it differs from the last (a steady state logs nothing). */
    EnvironmentReport reported(EnvironmentReport fresh) {
        EnvironmentReport next = fresh.withBackoff(backoff);
        EnvironmentReport previous = report;
        report = next;
        boolean changed = previous == null || previous.revision() == null || previous.stale()
                || !previous.status().equals(next.status()) || !previous.counts().equals(next.counts())
                || !previous.revision().sha().equals(next.revision().sha());
        if (changed) {
            LOG.info("{}: {} at {}: {}", environment, next.status(), next.revision().shortSha(), next.counts());
        } else {
            LOG.debug("{}: unchanged, {} at {}", environment, next.status(), next.revision().shortSha());
        }
        return next;
    }

    /** A check failed: the last good report stays, marked stale, with the error. */
    EnvironmentReport failed(Instant at, String message, List<String> problems) {
        report = report.failed(at, message, problems);
        return report;
    }

    /** The schedule's backoff after failed cycles ({@code null}: none); shown in every report until replaced. */
    void backedOff(EnvironmentReport.Backoff next) {
        backoff = next;
        report = report.withBackoff(next);
    }

    // ---- live changes ------------------------------------------------------------------------------------------------

    /** A watch event no InSync verdict explains ({@code resourceVersion} "" = deleted). */
    /** The report's health was assessed: what each object's health was. */
    void healthAssessed(Map<ResourceKey, dev.plumbline.health.Health> byObject) {
        assessed = Map.copyOf(byObject);
    }

    /** The health the last report gave {@code key}; {@code null} when it assessed none. */
    dev.plumbline.health.Health assessedHealth(ResourceKey key) {
        return assessed.get(key);
    }

    void liveChanged(ResourceKey key, String resourceVersion) {
        unjudged.put(key, resourceVersion);
    }

    /** A cycle starts: it looks at every object, so no earlier event is left unjudged. */
    void cycleStarts() {
        unjudged.clear();
    }

    /** Drops the events {@code judged} explains; whether any remain. */
    boolean unjudgedRemain(BiPredicate<ResourceKey, String> judged) {
        unjudged.entrySet().removeIf(e -> judged.test(e.getKey(), e.getValue()));
        return !unjudged.isEmpty();
    }

    // ---- renders -----------------------------------------------------------------------------------------------------

    synchronized Rendered rendered(String sha) {
        return renders.get(sha);
    }

    synchronized void rendered(Rendered r) {
        if (!r.sha().equals("worktree")) {
            renders.put(r.sha(), r);
        }
    }

    /** The render of the revision most recently rendered (for push matching). */
    synchronized Rendered latestRender() {
        Rendered last = null;
        for (Rendered r : renders.values()) {
            last = r;
        }
        return last;
    }

    @Override
    public void close() {
        live.close();
        if (own != null) {
            own.close();
        }
    }

    /** The connection this environment's objects are read and written on: its own (impersonating) or the agent's. */
    ClusterConnection connection(ClusterConnection shared) {
        return own != null ? own : shared;
    }
}
