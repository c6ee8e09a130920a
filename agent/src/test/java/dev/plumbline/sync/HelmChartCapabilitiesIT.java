package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.reconcile.ClusterKindScopes;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Trees;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A chart's {@code .Capabilities.KubeVersion} is the target cluster's version from discovery when a cluster is known
 * (as the agent renders: {@link ClusterKindScopes}), so a chart that picks {@code policy/v1beta1} before 1.21 and
 * {@code policy/v1} after renders — and syncs — for the cluster it goes to, on 1.20.2 as on 1.37.2. Offline, Helm's
 * built-in default applies (v1.20.0 in helm-java 0.0.21's SDK, so an offline render picks policy/v1beta1, which
 * 1.25 and later no longer serve).
 */
@ExtendWith(KubernetesExtension.class)
class HelmChartCapabilitiesIT {

    private static final Path FIXTURE = Path.of("src/test/resources/sync/helm-capabilities");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @TempDir
    Path repo;

    @Test
    void aChartRendersForTheDiscoveredKubernetesVersionAndSyncs() throws IOException {
        Trees.copy(FIXTURE, repo.resolve("environments/" + cluster.namespace()));
        Files.writeString(repo.resolve("environments/" + cluster.namespace() + "/kustomization.yaml"), """
                namespace: %s
                helmCharts:
                - name: pdb
                  releaseName: web
                """.formatted(cluster.namespace()));
        String version = it.connection.reconcileClient().getKubernetesVersion().getGitVersion();
        boolean before121 = Integer.parseInt(it.connection.reconcileClient().getKubernetesVersion().getMinor()
                .replaceAll("\\D", "")) < 21;

        RenderedEnvironment discovered = RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace(),
                EnvironmentLimits.none(), new ClusterKindScopes(it.discovery, it.connection.reconcileClient()));
        RenderedEnvironment offline = RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace());

        DesiredObject pdb = discovered.state().objects().get(0);
        assertThat(pdb.apiVersion()).isEqualTo(before121 ? "policy/v1beta1" : "policy/v1");
        assertThat(pdb.annotation("rendered-for")).isEqualTo(version);
        // offline: Helm's built-in default version (v1.20.0 in helm-java 0.0.21's SDK), never the cluster's
        assertThat(offline.state().objects().get(0).annotation("rendered-for")).isNotEqualTo(version);
        ChangeSet first = ChartSyncs.sync(it, cluster.namespace(), discovered);
        assertThat(first.entries()).extracting(e -> e.kind() + "/" + e.name() + " " + e.action())
                .containsExactly("PodDisruptionBudget/web CREATED");
    }
}
