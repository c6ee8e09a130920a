package dev.plumbline.sync;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredState;
import dev.plumbline.render.Tracking;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This repository's own {@code environments/production}, rendered and synced. On Kubernetes before 1.21 the
 * server-side apply of a Service port without {@code protocol} fails with a 500 (kubernetes/kubernetes#98576, fixed in
 * 1.21 by kubernetes-sigs/structured-merge-diff#183); the example Services omit it, so there they fail while everything
 * else converges.
 */
@ExtendWith(KubernetesExtension.class)
class RepoEnvironmentIT {

    private TestCluster cluster; // injected
    private SyncHarness it;

    @BeforeEach
    void harness() {
        it = new SyncHarness(cluster);
    }

    @AfterEach
    void close() {
        it.close();
    }

    @Test
    void theExampleProductionEnvironmentConverges() {
        Path root = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize();
        RenderedEnvironment rendered = RenderedEnvironment.render(new DirectoryTree(root), "production");
        DesiredState state = Tracking.stamp(rendered.state());

        ChangeSet result = it.engine.sync(new SyncRequest("production-" + cluster.namespace(), "worktree",
                state.objects(), rendered.policy(), SyncOptions.defaults(), Map.of()));

        int minor = Integer.parseInt(cluster.client().getKubernetesVersion().getMinor().replaceAll("\\D.*", ""));
        var services = result.entries().stream().filter(e -> e.kind().equals("Service")).toList();
        var others = result.entries().stream().filter(e -> !e.kind().equals("Service")).toList();
        assertThat(others).isNotEmpty().allSatisfy(e -> assertThat(e.action()).as("%s", e).isEqualTo(Action.CREATED));
        if (minor < 21) {
            assertThat(services).hasSize(2).allSatisfy(e -> {
                assertThat(e.action()).isEqualTo(Action.FAILED);
                assertThat(e.reason()).contains("apply failed: HTTP 500").contains("protocol");
            });
        } else {
            assertThat(services).hasSize(2).allSatisfy(e -> assertThat(e.action()).isEqualTo(Action.CREATED));
        }
    }
}
