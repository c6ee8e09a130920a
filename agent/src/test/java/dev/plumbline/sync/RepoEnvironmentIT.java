package dev.plumbline.sync;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredState;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This repository's own {@code environments/production}, rendered, prepared as the Reconciler prepares every render
 * ({@link DesiredObjects#prepare}: tracking labels, and {@code protocol: TCP} on ports that name none, without which a
 * server-side apply on Kubernetes before 1.21 fails with a 500, kubernetes/kubernetes#98576) and synced: every object
 * is created, on 1.20 as on later releases.
 */
@ExtendWith(KubernetesExtension.class)
class RepoEnvironmentIT {

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @Test
    void theExampleProductionEnvironmentConverges() {
        Path root = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize();
        RenderedEnvironment rendered = RenderedEnvironment.render(new DirectoryTree(root), "production");

        ChangeSet result = it.engine.sync(new SyncRequest("production-" + cluster.namespace(), "worktree",
                DesiredObjects.prepare(rendered.state()), rendered.policy(), SyncOptions.defaults(), Map.of()));

        assertThat(result.entries()).hasSize(7).allSatisfy(e -> assertThat(e.action()).as("%s", e).isEqualTo(Action.CREATED));
        assertThat(result.entries()).filteredOn(e -> e.kind().equals("Service")).hasSize(2);
    }
}
