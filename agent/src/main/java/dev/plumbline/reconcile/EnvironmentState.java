package dev.plumbline.reconcile;

import dev.plumbline.inventory.Inventory;
import dev.plumbline.live.LiveCache;

/**
 * What the agent keeps in memory per environment between cycles, so that a steady-state cycle needs no API call:
 * the watch cache, the inventory as last read or written, the last render, the last report.
 */
final class EnvironmentState implements AutoCloseable {

    final String environment;
    final LiveCache live;
    volatile Inventory inventory;
    volatile Rendered rendered;
    volatile EnvironmentReport report;

    /** A render kept for its revision: re-rendering an unchanged commit is wasted work. */
    record Rendered(String sha, RenderedEnvironment environment, java.util.List<dev.plumbline.render.DesiredObject> desired,
                    RecordingTree.Reads reads) {
    }

    EnvironmentState(String environment, LiveCache live) {
        this.environment = environment;
        this.live = live;
        this.report = EnvironmentReport.unknown(environment);
    }

    @Override
    public void close() {
        live.close();
    }
}
