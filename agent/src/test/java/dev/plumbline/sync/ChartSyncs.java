package dev.plumbline.sync;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredObjects;

import java.util.Map;

/**
 * What the chart sync tests ({@link HelmChartSyncIT}, {@link HelmChartCapabilitiesIT}, {@link HelmChartApiVersionsIT})
 * share beside {@code Trees.copy} of their fixture: one sync of a render, as a worktree sync does.
 */
final class ChartSyncs {

    private ChartSyncs() {
    }

    /** Syncs what {@code rendered} holds into {@code environment} through the harness's engine (revision "worktree"). */
    static ChangeSet sync(SyncHarness it, String environment, RenderedEnvironment rendered) {
        return it.engine.sync(new SyncRequest(environment, "worktree", DesiredObjects.prepare(rendered.state()),
                rendered.policy(), SyncOptions.defaults(), Map.of()));
    }
}
