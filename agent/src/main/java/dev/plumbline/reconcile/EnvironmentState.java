package dev.plumbline.reconcile;

import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.LiveCache;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.source.RecordingTree;
import dev.plumbline.sync.SyncEngine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the agent keeps in memory per environment between cycles, so that a steady-state cycle needs no API call:
 * the watch cache, the inventory and gate state as last read or written, recent renders, the last report. Also the
 * parts that read and write the environment's objects (cache, drift check, sync engine): with an impersonated
 * ServiceAccount they are on the environment's own connection, the state stores never are.
 */
final class EnvironmentState implements AutoCloseable {

    final String environment;
    final LiveCache live;
    final SyncEngine syncEngine;
    final DriftCheck drift;
    final LiveChanges changes;
    /** The impersonating connection this environment owns and closes; {@code null}: the agent's own. */
    private final ClusterConnection own;
    volatile Inventory inventory;
    volatile EnvironmentControl control;
    volatile SyncRecord lastSync;
    volatile EnvironmentReport report;
    volatile EnvironmentReport.Backoff backoff;
    /** Watch events since the last cycle that no InSync verdict explains yet: key → resourceVersion ("" = deleted). */
    final Map<dev.plumbline.resource.ResourceKey, String> unjudged = new java.util.concurrent.ConcurrentHashMap<>();
    /** The last two renders by SHA: a pinned or gated environment alternates between the head and its target. */
    private final Map<String, Rendered> renders = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Rendered> eldest) {
            return size() > 2;
        }
    };

    /** A render kept for its revision: re-rendering an unchanged commit is wasted work. */
    record Rendered(String sha, RenderedEnvironment environment, List<DesiredObject> desired, RecordingTree.Reads reads) {
    }

    EnvironmentState(String environment, LiveCache live, SyncEngine syncEngine, DriftCheck drift, LiveChanges changes,
                     ClusterConnection own) {
        this.environment = environment;
        this.live = live;
        this.syncEngine = syncEngine;
        this.drift = drift;
        this.changes = changes;
        this.own = own;
        this.report = EnvironmentReport.unknown(environment);
    }

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
}
