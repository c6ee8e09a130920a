package dev.plumbline.sync;

import dev.plumbline.reconcile.RenderedEnvironment;
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
 * An environment whose base renders a Helm chart committed in the repository (the render package's fixture chart,
 * {@code src/test/resources/render/helm/repo}) syncs like any other: every object is created, and a second sync finds
 * them unchanged. The chart labels its ConfigMap {@code app.kubernetes.io/managed-by: Helm} (as most charts do);
 * Plumbline's tracking label replaces it, so the object is Plumbline's and never a "managed by Helm" conflict.
 */
@ExtendWith(KubernetesExtension.class)
class HelmChartSyncIT {

    private static final Path FIXTURE = Path.of("src/test/resources/render/helm/repo");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @TempDir
    Path repo;

    @Test
    void anEnvironmentWithAChartConvergesAndStaysPlumblines() throws IOException {
        Trees.copy(FIXTURE, repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  releaseName: web
                  valuesFile: staging-values.yaml
                """);
        // the environment is named after the test's namespace: one environment per test on the shared API server
        Path env = Files.createDirectories(repo.resolve("environments/" + cluster.namespace()));
        Files.writeString(env.resolve("kustomization.yaml"), """
                resources:
                - ../../manifests/greeter
                namespace: %s
                commonLabels:
                  team: web
                """.formatted(cluster.namespace()));

        ChangeSet first = sync();
        ChangeSet second = sync();

        assertThat(first.entries()).extracting(e -> e.kind() + "/" + e.name() + " " + e.action()).containsExactlyInAnyOrder(
                "ConfigMap/web-greeter CREATED", "Service/web-greeter CREATED", "Deployment/web-greeter CREATED");
        assertThat(second.entries()).hasSize(3).allSatisfy(e -> assertThat(e.action()).as("%s", e).isEqualTo(Action.UNCHANGED));
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "web-greeter").getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "plumbline").containsEntry("team", "web");
    }

    /**
     * A chart's hooks and tests render as {@code kubectl kustomize --enable-helm} prints them (decision 0043), so they
     * are synced as ordinary objects, annotations kept; {@code skipTests} leaves the test Pod out of the render.
     */
    @Test
    void aChartsHooksAndTestsSyncAsKubectlKustomizeEnableHelmRendersThem() throws IOException {
        Trees.copy(Path.of("src/test/resources/render/helm/hooks/manifests"), repo.resolve("manifests"));
        Path env = Files.createDirectories(repo.resolve("environments/" + cluster.namespace()));
        Files.writeString(env.resolve("kustomization.yaml"), """
                resources:
                - ../../manifests/app
                namespace: %s
                """.formatted(cluster.namespace()));

        ChangeSet first = sync();
        ChangeSet second = sync();

        assertThat(first.entries()).extracting(e -> e.kind() + "/" + e.name() + " " + e.action()).containsExactlyInAnyOrder(
                "Deployment/web CREATED", "Job/web-migrate CREATED", "Pod/web-test-connection CREATED");
        assertThat(second.entries()).hasSize(3).allSatisfy(e -> assertThat(e.action()).as("%s", e).isEqualTo(Action.UNCHANGED));
        assertThat(it.get("batch/v1", "Job", cluster.namespace(), "web-migrate").getMetadata().getAnnotations())
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade");

        Files.writeString(repo.resolve("manifests/app/kustomization.yaml"), """
                helmCharts:
                - name: app
                  releaseName: web
                  skipTests: true
                """);
        assertThat(RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace()).state().objects())
                .extracting(o -> o.kind() + "/" + o.name()).containsExactly("Deployment/web", "Job/web-migrate");
    }

    private ChangeSet sync() {
        return ChartSyncs.sync(it, cluster.namespace(), RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace()));
    }
}
