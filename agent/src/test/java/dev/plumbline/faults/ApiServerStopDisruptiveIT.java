package dev.plumbline.faults;

import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.sync.SyncListener;
import dev.plumbline.testing.DedicatedControlPlane;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API server goes away under the agent: killed in the middle of a sync (between two waves), or stopped between
 * cycles while Git moves. Runs on its own control plane and, being disruptive, in its own Failsafe execution (JVM).
 */
@Tag("disruptive")
@DedicatedControlPlane
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class ApiServerStopDisruptiveIT {

    @RegisterExtension
    final FaultHarness it = new FaultHarness();
    private LocalControlPlane controlPlane;

    @BeforeEach
    void setUp(TestCluster cluster) {
        controlPlane = cluster.controlPlane();
    }

    @AfterEach
    void tearDown() throws Exception {
        controlPlane.start(); // no-op when running; the next test needs it anyway
    }

    /** An agent that gives up on an unreachable API server after one quick retry instead of Fabric8's default ten. */
    private void startAgent() {
        Config config = new ConfigBuilder(Config.fromKubeconfig(controlPlane.kubeconfigPath().toFile()))
                .withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(100).withConnectionTimeout(2_000)
                .withRequestTimeout(10_000).build();
        it.start(GitSourceOptions.defaults().withUrl(it.work.dir().toString()), config);
    }

    /** a, b in wave 0; c, d (and {@code extra}) in wave 1. */
    private void commitTwoWaves(String value, String... extra) {
        it.writeConfigMaps(value, "a", "b");
        for (String name : concat(List.of("c", "d"), extra)) {
            it.work.write(it.dir() + name + ".yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name
                    + "\n  annotations: {plumbline.dev/sync-wave: \"1\"}\ndata:\n  value: \"" + value + "\"\n");
        }
        it.commit(value);
    }

    @Test
    @Fault("API server killed (SIGKILL) mid-sync, between two waves, then restarted")
    void killedBetweenWavesThenRestartedTheNextCycleCompletesTheSync() throws Exception {
        commitTwoWaves("v1");
        startAgent();
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();

        commitTwoWaves("v2", "e");
        SyncListener killAtWaveTwo = new SyncListener() {
            @Override
            public void wave(int index, int total, String description) {
                if (index == 2) {
                    ProcessHandle apiServer = controlPlane.processes().get("kube-apiserver");
                    apiServer.destroyForcibly();
                    apiServer.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                }
            }
        };
        assertThatThrownBy(() -> it.reconciler().sync(it.env, new ManualSync(null, false, null, false, false, killAtWaveTwo)))
                .as("no answer at all is an infrastructure failure: the sync stops where it stands")
                .isInstanceOf(PlumblineException.class).hasMessageContaining("failed");
        assertThat(controlPlane.isRunning()).isFalse();

        EnvironmentReport down = it.cycle();
        assertThat(down.error()).as("the cycle reports the unreachable API server").isNotNull();
        assertThat(down.stale()).isTrue();

        controlPlane.stop(); // reap etcd too, then start both with their data
        controlPlane.start();
        // wave 0 was applied before the kill, wave 1 never was; nothing was deleted
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(it.value("c")).isEqualTo("v1");
        assertThat(it.configMaps()).doesNotContainKey("e");
        assertThat(it.inventory()).as("e entered the inventory before anything was applied")
                .isEqualTo(it.keys("ConfigMap", "a", "b", "c", "d", "e"));
        FaultLedger.objectsLost(it.missing(before.keySet()));

        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c", "d", "e"))).isZero();
        assertThat(List.of(it.value("a"), it.value("c"), it.value("e"))).containsOnly("v2");
        assertThat(it.history()).as("the killed sync wrote no record; nothing is duplicated").hasSize(2);
    }

    @Test
    @Fault("API server stopped between cycles while Git moves, then restarted")
    void stoppedBetweenCyclesTheChangeWaitsAndNothingIsLost() throws Exception {
        commitTwoWaves("v1");
        startAgent();
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();
        EnvironmentReport lastGood = it.reconciler().report(it.env).orElseThrow();

        controlPlane.stop();
        commitTwoWaves("v2");
        it.work.delete(it.dir() + "d.yaml");
        it.commit("drop d");
        for (int i = 0; i < 2; i++) {
            EnvironmentReport down = it.cycle();
            assertThat(down.error()).isNotNull();
            assertThat(down.stale()).isTrue();
            assertThat(down.entries()).isEqualTo(lastGood.entries());
        }

        controlPlane.start();
        assertThat(it.configMaps()).as("nothing changed while the agent could not see the cluster").isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c"))).isZero();
        assertThat(it.configMaps()).doesNotContainKey("d"); // pruned only now, because Git says so
        assertThat(it.history()).hasSize(2);
    }

    @Test
    @Fault("API server stopped while Git is unchanged (nothing for the agent to send), then restarted")
    void stoppedWithGitUnchangedTheCycleReportsTheOutageNotTheCache() throws Exception {
        commitTwoWaves("v1");
        startAgent();
        assertThat(it.cycle().status()).isEqualTo("Synced");
        EnvironmentReport lastGood = it.cycle();
        assertThat(lastGood.error()).isNull();
        Map<String, String> before = it.configMaps();
        long calls = it.reconciler().cluster().reconcileCalls().total();
        assertThat(it.cycle().status()).isEqualTo("Synced");
        assertThat(it.reconciler().cluster().reconcileCalls().total()).as("steady state: no API call while watches are open")
                .isEqualTo(calls);

        controlPlane.stop();
        // the informers notice the dropped connection on their own; a cycle needs no API call to see it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            EnvironmentReport down = it.cycle();
            assertThat(down.error()).as("the cycle reports the unreachable API server, not the cache's Synced")
                    .contains("API server unreachable").contains("configmaps");
            assertThat(down.stale()).isTrue();
            assertThat(down.entries()).as("the last good entries stay").isEqualTo(lastGood.entries());
        });

        controlPlane.start();
        FaultLedger.objectsLost(it.missing(before.keySet()));
        assertThat(it.configMaps()).isEqualTo(before);
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c", "d"))).isZero();
        assertThat(it.history()).as("nothing was synced while the server was away").hasSize(1);
    }

    @Test
    @Fault("API server stopped under the running agent: readiness DOWN (503) while away, UP again after restart")
    void readinessIsDownOverHttpWhileTheApiServerIsStoppedAndUpAgainAfterRestart(TestCluster cluster) throws Exception {
        commitTwoWaves("v1");
        InProcessAgent agent = InProcessAgent.start(Map.of(
                "plumbline.repo.url", it.work.dir().toString(),
                "plumbline.repo.poll-interval", "500ms",
                "plumbline.repo.cache-dir", it.tmp.resolve("agent-cache").toString(),
                "plumbline.environments", List.of(it.env),
                "plumbline.kubeconfig", controlPlane.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace()));
        it.closeLater(agent);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> agent.drift(it.env)
                .path("status").asText().equals("Synced"));
        Map<String, String> before = it.configMaps();
        assertThat(agent.get("/health/readiness").statusCode()).isEqualTo(200);

        controlPlane.stop();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            java.net.http.HttpResponse<String> ready = agent.get("/health/readiness");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("plumbline-cluster", "GET /version failed");
        });
        assertThat(agent.get("/health/liveness").statusCode()).as("a restart would not bring the cluster back")
                .isEqualTo(200);

        controlPlane.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> agent.get("/health/readiness").statusCode() == 200);
        commitTwoWaves("v2");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> "v2".equals(it.value("d")));
        FaultLedger.objectsLost(it.missing(before.keySet()));
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }
}
