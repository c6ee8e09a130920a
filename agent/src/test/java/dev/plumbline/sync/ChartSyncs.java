package dev.plumbline.sync;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredObjects;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the chart sync tests ({@link HelmChartSyncIT}, {@link HelmChartCapabilitiesIT}) share: a fixture repository
 * copied into the test's own directory (which it then edits), and one sync of a render of it, as a worktree sync does.
 */
final class ChartSyncs {

    private ChartSyncs() {
    }

    /** Copies the tree {@code from} into {@code to}, creating folders as needed. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Syncs what {@code rendered} holds into {@code environment} through the harness's engine (revision "worktree"). */
    static ChangeSet sync(SyncHarness it, String environment, RenderedEnvironment rendered) {
        return it.engine.sync(new SyncRequest(environment, "worktree", DesiredObjects.prepare(rendered.state()),
                rendered.policy(), SyncOptions.defaults(), Map.of()));
    }
}
