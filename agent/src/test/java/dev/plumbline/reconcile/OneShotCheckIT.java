package dev.plumbline.reconcile;

import dev.plumbline.health.Health;
import dev.plumbline.live.ApiVerb;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    @BeforeEach
    void setUp() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\n")
                .write("environments/" + it.env + "/app.yaml", DriftReportIT.manifests(it.env))
                .commit("first");
    }

    @Test
    void aOneShotCheckListsEachKindOnceWatchesNothingAndReportsWhatTheAgentReports() {
        Reconciler agent = it.start(options -> options.withWatch(true));
        DriftReportIT.applyAll(it.cluster, it.git(), it.env);
        new Kubectl(it.cluster.kubeconfigPath()).run("-n", it.env, "set", "image", "deployment/app", "api=nginx:1.27");

        // the workload simulator settles the edited Deployment's rollout; compare once it has
        EnvironmentReport watched = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> agent.check(it.env), r -> r.health() != null && r.health().health() == Health.Healthy);
        it.stop(agent);

        Reconciler oneShot = it.start(options -> options.withWatch(false));
        ClusterConnection connection = it.connection();
        oneShot.prepare(it.env); // as the CLI does, while it renders
        EnvironmentReport report = oneShot.check(it.env);

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
