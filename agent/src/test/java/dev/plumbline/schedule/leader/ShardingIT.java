package dev.plumbline.schedule.leader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharded agents ({@code plumbline.ha.mode: sharded}), one API server, one repository with several environments: each
 * environment is reconciled by exactly the replica rendezvous hashing picks; a replica that dies mid-sync hands its
 * environments over within the lease duration; a replica that lost an environment's Lease (taken from it, or its
 * membership lapsed) writes nothing more there, not even the rest of a sync it is in.
 */
@ExtendWith(KubernetesExtension.class)
class ShardingIT {

    /** As in {@link AgentProcess#leaderElection}: lease 3 s, renew deadline 2 s, retry 0.5 s. */
    private static final Duration LEASE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private GitRepoFixture repo;
    private Path token;
    private final List<AgentProcess> agents = new ArrayList<>();

    @BeforeEach
    void setUp(TestCluster cluster) throws Exception {
        this.cluster = cluster;
        repo = new GitRepoFixture(tmp.resolve("repo"));
        token = Files.writeString(tmp.resolve("token"), "t0ken");
    }

    @AfterEach
    void tearDown() {
        agents.forEach(AgentProcess::close);
        repo.close();
    }

    private List<String> environments(int count) {
        return IntStream.range(0, count).mapToObj(i -> cluster.namespace() + "-e" + i).toList();
    }

    private void write(List<String> envs, String fixture, String version, String policy) {
        for (int i = 0; i < envs.size(); i++) {
            String env = envs.get(i);
            repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + cluster.namespace() + "\n" + policy)
                    .write("environments/" + env + "/app.yaml", YamlFixtures.text("schedule/leader/" + fixture)
                            .replace("${N}", String.valueOf(i)).replace("${V}", version));
        }
    }

    private AgentProcess agent(String identity, List<String> envs, String pollInterval) {
        Map<String, Object> props = new HashMap<>(AgentProcess.leaderElection(identity));
        props.put("plumbline.ha.mode", "sharded");
        props.put("plumbline.environments", envs);
        props.put("plumbline.repo.poll-interval", pollInterval);
        props.put("plumbline.api.token-file", token.toString());
        AgentProcess agent = AgentProcess.start(cluster, repo.dir(), tmp.resolve("cache-" + identity), props);
        agents.add(agent);
        return agent;
    }

    private static Set<String> held(AgentProcess agent) throws Exception {
        Set<String> out = new TreeSet<>();
        agent.get("/api/v1/leader").path("environments").forEach(e -> out.add(e.asText()));
        return out;
    }

    private List<SyncRecord> history(String env) {
        return new HistoryStore(cluster.client(), cluster.stateNamespace()).list(env);
    }

    private String configMap(String name, String key) {
        var cm = cluster.client().configMaps().inNamespace(cluster.namespace()).withName(name).get();
        return cm == null || cm.getData() == null ? null : cm.getData().get(key);
    }

    private String leaseHolder(String env) {
        Lease lease = cluster.client().leases().inNamespace(cluster.stateNamespace())
                .withName(ShardLeases.environmentLease("plumbline", env)).get();
        return ShardLeases.holder(lease);
    }

    /**
     * Every write this agent sent on the reconcile path so far (apply, create, update, patch, delete: objects,
     * inventory, history, gate state, Events), read from its connection's own request counter: the audit of who wrote.
     */
    private static long writes(AgentProcess agent) {
        Map<String, Long> calls = agent.context().getBean(dev.plumbline.reconcile.Agent.class).reconciler().cluster()
                .reconcileCalls().snapshot();
        return calls.entrySet().stream().filter(e -> Set.of("apply", "create", "update", "patch", "delete").contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** No revision of {@code env} was recorded twice: two writers would each record their sync. */
    private void recordedAtMostOnce(String env) {
        Map<String, Long> perRevision = history(env).stream().collect(Collectors.groupingBy(SyncRecord::revision, Collectors.counting()));
        assertThat(perRevision.values()).as(env).allMatch(n -> n == 1L);
    }

    private static Set<String> pickedFor(String member, List<String> envs, Set<String> members) {
        return envs.stream().filter(e -> member.equals(Rendezvous.owner(e, members).orElseThrow()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private void bindClaims(int count) {
        for (int i = 0; i < count; i++) {
            cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace()).withName("data-" + i)
                    .editStatus(c -> {
                        c.getStatus().setPhase("Bound");
                        return c;
                    });
        }
    }

    @Test
    void twoAgentsSplitTheEnvironmentsEachSyncedByExactlyOneAndOthersAnswerWithTheOwner() throws Exception {
        List<String> envs = environments(8);
        write(envs, "sharded-config.yaml", "1", "");
        String first = repo.commit("first");
        AgentProcess a = agent("agent-a", envs, "1s");
        AgentProcess b = agent("agent-b", envs, "1s");

        Set<String> members = Set.of("agent-a", "agent-b");
        Set<String> forA = pickedFor("agent-a", envs, members);
        Set<String> forB = pickedFor("agent-b", envs, members);
        assertThat(forA).isNotEmpty(); // the identities are fixed, so is the split: both get a share
        assertThat(forB).isNotEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> held(a).equals(forA) && held(b).equals(forB));
        envs.forEach(env -> assertThat(leaseHolder(env)).isEqualTo(forA.contains(env) ? "agent-a" : "agent-b"));
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, envs.size()).allMatch(i -> "1".equals(configMap("cm-" + i, "version"))));

        // Reads: the owner answers; the other replica says who owns it (421, RFC 9457, `owner`).
        String ofA = forA.iterator().next();
        JsonNode report = await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/api/v1/environments/" + ofA + "/drift"),
                r -> "Synced".equals(r.path("status").asText()));
        assertThat(report.path("revision").path("sha").asText()).isEqualTo(first);
        var elsewhere = b.send("GET", "/api/v1/environments/" + ofA + "/drift");
        assertThat(elsewhere.statusCode()).isEqualTo(421);
        assertThat(elsewhere.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(b.get("/api/v1/environments/" + ofA + "/drift").path("owner").asText()).isEqualTo("agent-a");
        var refused = b.post("/api/v1/environments/" + ofA + "/sync", "t0ken");
        assertThat(refused.statusCode()).isEqualTo(421);
        Set<String> listedByB = new HashSet<>();
        b.get("/api/v1/environments").forEach(e -> listedByB.add(e.path("environment").asText()));
        assertThat(listedByB).isEqualTo(forB);
        assertThat(b.get("/api/v1/leader").path("owners").path(ofA).asText()).isEqualTo("agent-a");

        // A new revision for every environment: each is synced once, by its owner alone.
        write(envs, "sharded-config.yaml", "2", "");
        String second = repo.commit("second");
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, envs.size()).allMatch(i -> "2".equals(configMap("cm-" + i, "version"))));
        Thread.sleep(2000); // four polls of both agents: nothing is synced or recorded again
        // (A sync stopped by its gate, e.g. a membership renewal late on a loaded machine, records nothing; the next
        // cycle finds what it applied InSync: so at most once, and never by both.)
        envs.forEach(this::recordedAtMostOnce);
        assertThat(history(envs.get(0)).stream().map(SyncRecord::revision)).isSubsetOf(first, second);
    }

    @Test
    void threeAgentsOneKilledMidSyncItsEnvironmentsAreTakenOverWithinTheLeaseDurationAndConverge() throws Exception {
        List<String> envs = environments(6);
        write(envs, "sharded-config.yaml", "1", "");
        repo.commit("first");
        List<AgentProcess> three = List.of(agent("agent-a", envs, "1s"), agent("agent-b", envs, "1s"), agent("agent-c", envs, "1s"));
        Set<String> members = Set.of("agent-a", "agent-b", "agent-c");
        String[] ids = {"agent-a", "agent-b", "agent-c"};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < 3; i++) {
                if (!held(three.get(i)).equals(pickedFor(ids[i], envs, members))) {
                    return false;
                }
            }
            return true;
        });
        // A replica hands an environment over between two of its cycles; once the split settled, a revision whose
        // sync waits: every environment is mid-sync, wave 0 applied, its claim waits to be bound, wave 1 not written.
        write(envs, "sharded-two-waves.yaml", "", "sync:\n  waitTimeout: 2m\n");
        repo.commit("two waves");
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, envs.size()).allMatch(i ->
                cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace()).withName("data-" + i).get() != null));

        int v = pickedFor("agent-a", envs, members).isEmpty() ? 1 : 0;
        AgentProcess victim = three.get(v);
        Set<String> orphans = pickedFor(ids[v], envs, members);
        assertThat(orphans).isNotEmpty();
        long killed = System.nanoTime();
        victim.context().getBean(ShardElector.class).halt(); // as a killed process: no renewal, nothing released
        victim.close();

        List<AgentProcess> survivors = three.stream().filter(x -> x != victim).toList();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Set<String> taken = new TreeSet<>();
            for (AgentProcess s : survivors) {
                taken.addAll(held(s));
            }
            return taken.containsAll(orphans);
        });
        Duration handover = Duration.ofNanos(System.nanoTime() - killed);
        // the lease duration, plus one retry period to see the lapse and one to take the Lease, plus the API round trip
        assertThat(handover).isLessThan(LEASE.plusSeconds(2));
        orphans.forEach(env -> assertThat(leaseHolder(env)).isNotEqualTo(ids[v]));

        bindClaims(envs.size());
        await().atMost(Duration.ofSeconds(60)).until(() -> IntStream.range(0, envs.size()).allMatch(i -> "true".equals(configMap("after-" + i, "migrated"))));
        Thread.sleep(1500);
        envs.forEach(this::recordedAtMostOnce); // the killed replica's sync recorded nothing
    }

    @Test
    void aReplicaWhoseEnvironmentLeaseIsTakenMidSyncStopsBeforeItsNextWaveAndRecordsNothing() throws Exception {
        List<String> envs = environments(1);
        String env = envs.get(0);
        write(envs, "sharded-two-waves.yaml", "", "sync:\n  waitTimeout: 2m\n");
        repo.commit("two waves");
        AgentProcess agent = agent("agent-a", envs, "1h");
        await().atMost(Duration.ofSeconds(20)).until(() -> held(agent).contains(env));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace()).withName("data-0").get() != null);

        // Another replica, alive for the whole test, takes the environment's Lease (as after a partition).
        ElectionOptions thief = new ElectionOptions(true, "plumbline", cluster.stateNamespace(), Duration.ofMinutes(10),
                Duration.ofMinutes(9), Duration.ofSeconds(1), "thief");
        ShardLeases leases = new ShardLeases(cluster.client(), thief);
        assertThat(leases.create(ShardLeases.MEMBER, ShardLeases.memberLease("plumbline", "thief"), "thief", "thief")).isNotNull();
        cluster.client().leases().inNamespace(cluster.stateNamespace()).withName(ShardLeases.environmentLease("plumbline", env))
                .edit(l -> steal(l, "thief"));
        await().atMost(Duration.ofSeconds(5)).until(() -> held(agent).isEmpty());
        long written = writes(agent);
        assertThat(agent.get("/api/v1/leader").path("owners").path(env).asText()).isEqualTo("thief");
        assertThat(agent.send("GET", "/api/v1/environments/" + env).statusCode()).isEqualTo(421);

        // The claim binds: the health wait ends, and the sync would go on to wave 1 — it must stop instead.
        bindClaims(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.text("/prometheus"),
                m -> m.contains("plumbline_check_failures_total{environment=\"" + env + "\"} 1.0"));
        Thread.sleep(2000);
        assertThat(configMap("after-0", "migrated")).isNull();
        assertThat(history(env)).isEmpty();
        assertThat(writes(agent)).as("writes after the Lease was taken").isEqualTo(written);
        assertThat(leaseHolder(env)).isEqualTo("thief"); // the thief's membership is alive: it is not taken back
    }

    @Test
    void aReplicaThatStopsRenewingStopsWritingBeforeAnotherTakesItsEnvironment() throws Exception {
        List<String> envs = environments(1);
        String env = envs.get(0);
        write(envs, "sharded-two-waves.yaml", "", "sync:\n  waitTimeout: 2m\n");
        repo.commit("two waves");
        AgentProcess a = agent("agent-a", envs, "1h");
        await().atMost(Duration.ofSeconds(20)).until(() -> held(a).contains(env));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cluster.client().persistentVolumeClaims().inNamespace(cluster.namespace()).withName("data-0").get() != null);

        // agent-a stalls (its Lease loop stops, as in a long pause or a partition from the API server) while its sync
        // goes on waiting; agent-b joins and may take the environment once agent-a's membership lapses.
        a.context().getBean(ShardElector.class).halt();
        long stalled = System.nanoTime();
        AgentProcess b = agent("agent-b", envs, "1h");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> held(b).contains(env));
        assertThat(Duration.ofNanos(System.nanoTime() - stalled)).isGreaterThanOrEqualTo(LEASE);
        assertThat(a.context().getBean(Shards.class).writes(env)).isFalse(); // its gate closed at the renew deadline
        long written = writes(a);

        bindClaims(1); // both syncs may go on to wave 1 now: only agent-b's may write it
        await().atMost(Duration.ofSeconds(30)).until(() -> "true".equals(configMap("after-0", "migrated")));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.text("/prometheus"),
                m -> m.contains("plumbline_check_failures_total{environment=\"" + env + "\"} 1.0"));
        Thread.sleep(1500);
        assertThat(writes(a)).as("agent-a's writes once agent-b held the environment").isEqualTo(written);
        assertThat(a.text("/prometheus")).doesNotContain("plumbline_deployments_total{environment=\"" + env + "\",result=\"succeeded\"} 1.0");
        recordedAtMostOnce(env);
        assertThat(leaseHolder(env)).isEqualTo("agent-b");
    }

    @Test
    void aShardedReplicaTakesNothingWhileASingleLeaderStillLeads() throws Exception {
        // Switching plumbline.ha.mode from leader to sharded is a rolling update: old and new pods overlap.
        List<String> envs = environments(2);
        write(envs, "sharded-config.yaml", "1", "");
        repo.commit("first");
        Map<String, Object> props = new HashMap<>(AgentProcess.leaderElection("old-leader"));
        props.put("plumbline.environments", envs);
        props.put("plumbline.repo.poll-interval", "1s");
        AgentProcess leader = AgentProcess.start(cluster, repo.dir(), tmp.resolve("cache-old"), props);
        agents.add(leader);
        await().atMost(Duration.ofSeconds(20)).until(leader::isLeader);
        AgentProcess sharded = agent("agent-a", envs, "1s");
        Thread.sleep(LEASE.plusSeconds(1).toMillis()); // longer than a lease: the leader renews, so it stays alive
        assertThat(held(sharded)).isEmpty();
        envs.forEach(env -> assertThat(leaseHolder(env)).isNull());

        leader.close(); // releases its Lease
        await().atMost(Duration.ofSeconds(5)).until(() -> held(sharded).containsAll(envs));
    }

    private static Lease steal(Lease lease, String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease.getSpec().setHolderIdentity(holder);
        lease.getSpec().setAcquireTime(now);
        lease.getSpec().setRenewTime(now);
        return lease;
    }
}
