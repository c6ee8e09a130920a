package dev.plumbline.schedule.leader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.reconcile.ConvergenceITAccess;
import dev.plumbline.schedule.AgentProcess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two agents, one API server, one repository: exactly one (the Lease holder) applies and records; the other serves
 * the drift report; stopping the leader hands over within the lease duration; nothing is written twice. A leader
 * whose Lease is taken mid-sync stops before its next wave and records nothing.
 */
@ExtendWith(KubernetesExtension.class)
class LeaderElectionIT {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
    }

    @AfterEach
    void tearDown() {
        agents.forEach(AgentProcess::close);
        repo.close();
    }

    private AgentProcess agent(String identity, Map<String, Object> extra) {
        Map<String, Object> props = new java.util.HashMap<>(AgentProcess.leaderElection(identity));
        props.putAll(extra);
        AgentProcess agent = AgentProcess.start(cluster, repo.dir(), tmp.resolve("cache-" + identity), props);
        agents.add(agent);
        return agent;
    }

    private List<SyncRecord> history() {
        return new HistoryStore(cluster.client(), cluster.stateNamespace()).list(env);
    }

    private String image() {
        var d = cluster.client().apps().deployments().inNamespace(env).withName("web").get();
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void exactlyOneAppliesTheFollowerServesReadsAndStoppingTheLeaderHandsOver() throws Exception {
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "/app.yaml", ConvergenceITAccess.app("nginx:1.25"));
        String first = repo.commit("first");
        Path token = java.nio.file.Files.writeString(tmp.resolve("token"), "t0ken");
        Map<String, Object> props = Map.of("plumbline.repo.poll-interval", "1s", "plumbline.api.token-file", token.toString());
        AgentProcess a = agent("agent-a", props);
        AgentProcess b = agent("agent-b", props);

        await().atMost(Duration.ofSeconds(20)).until(() -> a.isLeader() ^ b.isLeader());
        AgentProcess leader = a.isLeader() ? a : b;
        AgentProcess follower = leader == a ? b : a;
        String leaderId = leader.get("/api/v1/leader").path("identity").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> leaderId.equals(follower.get("/api/v1/leader").path("holder").asText()));

        await().atMost(Duration.ofSeconds(30)).until(() -> "nginx:1.25".equals(image()));
        await().atMost(Duration.ofSeconds(10)).until(() -> history().size() == 1);
        String rv = cluster.client().apps().deployments().inNamespace(env).withName("web").get().getMetadata().getResourceVersion();

        // The follower checks drift read-only on its own schedule and serves the report.
        JsonNode followerView = await().atMost(Duration.ofSeconds(10)).until(
                () -> follower.get("/api/v1/environments/" + env + "/drift"), r -> "Synced".equals(r.path("status").asText()));
        assertThat(followerView.path("revision").path("sha").asText()).isEqualTo(first);
        assertThat(followerView.path("counts").path("InSync").asInt()).isEqualTo(3);
        // … and refuses writes, naming the holder.
        var refused = follower.post("/api/v1/environments/" + env + "/sync", "t0ken");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("not the leader (Lease " + cluster.stateNamespace() + "/plumbline held by " + leaderId + ")");
        assertThat(follower.text("/prometheus")).contains("plumbline_leader{identity=\"" + follower.get("/api/v1/leader").path("identity").asText() + "\"} 0.0");
        assertThat(leader.text("/prometheus")).contains("plumbline_leader{identity=\"" + leaderId + "\"} 1.0");

        Thread.sleep(3000); // three polls of both agents: nothing is re-applied, nothing recorded again
        assertThat(cluster.client().apps().deployments().inNamespace(env).withName("web").get().getMetadata().getResourceVersion()).isEqualTo(rv);
        assertThat(history()).hasSize(1);

        long stopped = System.nanoTime();
        leader.close();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(follower::isLeader);
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(5)); // lease 3 s + margin

        repo.write("environments/" + env + "/app.yaml", ConvergenceITAccess.app("nginx:1.26"));
        String second = repo.commit("second");
        await().atMost(Duration.ofSeconds(30)).until(() -> "nginx:1.26".equals(image()));
        await().atMost(Duration.ofSeconds(10)).until(() -> history().size() == 2);
        Thread.sleep(2000);
        Map<String, Long> perRevision = history().stream().collect(Collectors.groupingBy(SyncRecord::revision, Collectors.counting()));
        assertThat(perRevision).containsExactlyInAnyOrderEntriesOf(Map.of(first, 1L, second, 1L));
    }

    @Test
    void aLeaderWhoseLeaseIsTakenMidSyncStopsBeforeItsNextWaveAndRecordsNothing() throws Exception {
        // Wave 0: a claim no controller binds, so the sync waits for its health; wave 1: a ConfigMap.
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  waitTimeout: 2m\n")
                .write("environments/" + env + "/app.yaml", YamlFixtures.text("schedule/two-waves-desired.yaml")).commit("two waves");
        AgentProcess agent = agent("agent-a", Map.of("plumbline.repo.poll-interval", "1h"));
        await().atMost(Duration.ofSeconds(20)).until(agent::isLeader);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.client().persistentVolumeClaims().inNamespace(env).withName("data").get() != null);

        // Another candidate takes the Lease (as after a partition): the agent sees it at its next renewal.
        // (the edit is a compare-and-swap: it may meet one of the agent's renewals every 0.5 s; then it is retried)
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() ->
                cluster.client().leases().inNamespace(cluster.stateNamespace()).withName("plumbline").edit(l -> steal(l, "thief")) != null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !agent.isLeader());
        assertThat(agent.get("/api/v1/leader").path("holder").asText()).isEqualTo("thief");

        // The claim binds: the health wait ends, and the sync would go on to wave 1 — it must stop instead.
        cluster.client().persistentVolumeClaims().inNamespace(env).withName("data")
                .editStatus(c -> { c.getStatus().setPhase("Bound"); return c; });
        // The aborted cycle ends as a failed check (its report is soon replaced by the follower's read-only check).
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.text("/prometheus"),
                m -> m.contains("plumbline_check_failures_total{environment=\"" + env + "\"} 1.0"));
        Thread.sleep(2000);
        assertThat(cluster.client().configMaps().inNamespace(env).withName("after").get()).isNull();
        assertThat(history()).isEmpty();
    }

    private static Lease steal(Lease lease, String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease.getSpec().setHolderIdentity(holder);
        lease.getSpec().setAcquireTime(now);
        lease.getSpec().setRenewTime(now);
        lease.getSpec().setLeaseDurationSeconds(600); // the agent cannot take it back during the test
        return lease;
    }
}
