package dev.plumbline.reconcile;

import dev.plumbline.health.Health;
import dev.plumbline.live.ApiVerb;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A one-shot check ({@code plumbline diff}: {@link ReconcilerOptions#watch()} false) on the real API server: it lists
 * each kind once and never opens a watch, makes exactly the requests the check needs (counted on the connection's
 * clients), and reports exactly what the watching agent reports.
 */
@ExtendWith(KubernetesExtension.class)
class OneShotCheckIT {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private GitSource git;

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "/app.yaml", DriftReportIT.manifests(env))
                .commit("first");
        git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withCacheDir(tmp.resolve("cache")));
    }

    @AfterEach
    void tearDown() {
        git.close();
        repo.close();
    }

    @Test
    void aOneShotCheckListsEachKindOnceWatchesNothingAndReportsWhatTheAgentReports() {
        DriftReportIT.applyAll(cluster, git, env);
        new Kubectl(cluster.kubeconfigPath()).run("-n", env, "set", "image", "deployment/app", "api=nginx:1.27");

        EnvironmentReport watched;
        try (ClusterConnection connection = ClusterConnection.connect(cluster.kubeconfigPath());
             Reconciler agent = reconciler(connection, true)) {
            // the workload simulator settles the edited Deployment's rollout; compare once it has
            watched = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> agent.check(env), r -> r.health() != null && r.health().health() == Health.Healthy);
        }
        try (ClusterConnection connection = ClusterConnection.connect(cluster.kubeconfigPath());
             Reconciler oneShot = reconciler(connection, false)) {
            oneShot.prepare(env); // as the CLI does, while it renders
            EnvironmentReport report = oneShot.check(env);

            assertThat(report.error()).isNull();
            assertThat(report.entries()).isEqualTo(watched.entries());
            assertThat(report.counts()).isEqualTo(watched.counts()).containsEntry(dev.plumbline.diff.Verdict.Modified, 1).containsEntry(dev.plumbline.diff.Verdict.InSync, 2);
            assertThat(report.health()).isEqualTo(watched.health());
            // ConfigMap, Service, Deployment: one LIST each, no WATCH; discovery of v1 and apps/v1 only.
            assertThat(connection.watchCalls().snapshot()).as("watch client")
                    .isEqualTo(Map.of(ApiVerb.LIST, 3L, ApiVerb.DISCOVERY, 2L));
            // The inventory, then one dry-run per object: nothing else.
            assertThat(connection.reconcileCalls().snapshot()).as("reconcile client")
                    .isEqualTo(Map.of(ApiVerb.GET, 1L, ApiVerb.DRY_RUN_APPLY, 3L));
            assertThat(Thread.getAllStackTraces().keySet()).as("no list thread left running")
                    .noneMatch(t -> t.getName().startsWith("plumbline-list-"));
        }
    }

    private Reconciler reconciler(ClusterConnection connection, boolean watch) {
        return new Reconciler(connection, new GitRevisionSource(git),
                ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace()).withWatch(watch), null);
    }
}
