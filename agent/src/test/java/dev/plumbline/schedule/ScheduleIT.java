package dev.plumbline.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.reconcile.ConvergenceITAccess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Backoff after consecutive failures (visible in the report and metrics), and a graceful shutdown mid-sync. */
@ExtendWith(KubernetesExtension.class)
class ScheduleIT {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private AgentProcess agent;

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  waitTimeout: 2m\n");
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        repo.close();
    }

    @Test
    void consecutiveFailuresBackOffExponentiallyAndAWebhookStillRunsAtOnce() throws Exception {
        repo.write("environments/" + env + "/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [broken\n").commit("broken");
        agent = AgentProcess.start(cluster, repo.dir(), tmp.resolve("cache"), Map.of("plumbline.repo.poll-interval", "1s",
                "plumbline.schedule.jitter", "0", "plumbline.schedule.max-backoff", "1m"));

        // Runs at 0 s, 2 s, 6 s: the third failure waits 8 s (1 s × 2³).
        JsonNode report = await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/environments/" + env),
                r -> r.path("backoff").path("consecutiveFailures").asInt() == 3);
        Instant seen = Instant.now();
        assertThat(report.path("error").asText()).isNotEmpty();
        Instant next = Instant.parse(report.path("backoff").path("nextRunAt").asText());
        assertThat(Duration.between(seen, next)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(8));
        assertThat(agent.text("/prometheus")).contains("plumbline_cycle_consecutive_failures{environment=\"" + env + "\"} 3.0");

        // A fix pushed with a webhook runs at once, not after the backoff; success resets it.
        repo.write("environments/" + env + "/app.yaml", ConvergenceITAccess.app("nginx:1.25")).commit("fixed");
        assertThat(agent.context().getBean(ReconcileScheduler.class).trigger(env, "webhook")).isTrue();
        JsonNode fixed = await().atMost(Duration.ofSeconds(4)).until(() -> agent.get("/api/v1/environments/" + env),
                r -> r.path("error").isNull() && r.path("backoff").isNull());
        assertThat(Instant.now()).isBefore(next);
        assertThat(fixed.path("lastSync").path("trigger").asText()).isEqualTo("webhook");
        assertThat(agent.text("/prometheus")).contains("plumbline_cycle_consecutive_failures{environment=\"" + env + "\"} 0.0");
    }

    @Test
    void shutdownStopsTheRunningSyncWhileItWaitsForHealthAndRecordsNothing() throws Exception {
        repo.write("environments/" + env + "/app.yaml", YamlFixtures.text("schedule/two-waves-desired.yaml")).commit("two waves");
        agent = AgentProcess.start(cluster, repo.dir(), tmp.resolve("cache"), Map.of("plumbline.repo.poll-interval", "1h",
                "plumbline.schedule.shutdown-grace", "60s"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.client().persistentVolumeClaims().inNamespace(env).withName("data").get() != null);
        Thread.sleep(1500); // the sync is in its wait for the claim, which no controller binds here

        long started = System.nanoTime();
        agent.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the wait for health (5 min) and the shutdown grace (60 s) are not sat out: the sync stops at its next look")
                .isLessThan(Duration.ofSeconds(20));

        assertThat(cluster.client().configMaps().inNamespace(env).withName("after").get()).isNull();
        assertThat(new HistoryStore(cluster.client(), cluster.stateNamespace()).list(env)).isEmpty();
    }
}
