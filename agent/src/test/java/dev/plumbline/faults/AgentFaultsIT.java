package dev.plumbline.faults;

import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerHarness;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.schedule.EnvironmentRunListener;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.sync.SyncListener;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the agent itself: killed in the middle of a sync (in-process, and a real {@code plumbline sync} process
 * killed with SIGKILL), two replicas racing on one environment, a burst of 1,000 signed pushes, forged signatures.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class AgentFaultsIT {

    private static final String SECRET = "faults-webhook-secret";
    private static final String TOKEN = "glpat-agent-faults-0001";

    TestCluster cluster; // injected by KubernetesExtension
    @RegisterExtension
    final FaultHarness it = new FaultHarness();

    private static String[] names(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("cm-%03d", i)).toArray(String[]::new);
    }

    // ---- killed mid-sync ---------------------------------------------------------------------------------------

    @Test
    @Fault("agent killed mid-sync (in-process, after two applies) and restarted")
    void killedInTheMiddleOfTheApplyANewAgentFinishesTheJob() {
        it.writeConfigMaps("v1", "a", "b", "c").commit("first");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();

        it.work.delete(it.dir() + "b.yaml");
        it.writeConfigMaps("v2", "a", "c", "d", "e").commit("second");
        AtomicInteger applied = new AtomicInteger();
        SyncListener killed = new SyncListener() {
            @Override
            public void applied(ChangeEntry entry) {
                if (applied.incrementAndGet() == 2) {
                    throw new IllegalStateException("killed after two applies");
                }
            }
        };
        assertThatThrownBy(() -> it.reconciler().sync(it.env, new ManualSync(null, false, null, false, false, killed)))
                .hasMessage("killed after two applies");
        assertThat(it.inventory()).as("intent written before the first apply")
                .isEqualTo(it.keys("ConfigMap", "a", "b", "c", "d", "e"));
        assertThat(it.configMaps()).as("b is not pruned by a sync that never finished its apply").containsKey("b");
        FaultLedger.objectsLost(it.missing(Set.of("a", "b", "c")));

        it.stopAgent();
        it.start(it.work.dir().toString()); // the restarted agent: new process state, same cluster and Git
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "c", "d", "e"))).isZero();
        assertThat(it.configMaps()).doesNotContainKey("b").containsEntry("a", it.configMaps().get("a"));
        assertThat(it.history()).as("the killed sync left no record; the restart's sync is the second").hasSize(2);
        assertThat(before).containsKey("b");
    }

    @Test
    @Fault("plumbline sync process killed with SIGKILL mid-sync (400 objects), then run again")
    void aSyncProcessKilledWithSigkillIsCompletedByTheNextRun() throws Exception {
        Path jar = Path.of(System.getProperty("plumbline.repo.root", "..")).resolve("agent/target/plumbline.jar");
        assertThat(jar).as("built by `package`, which runs before the integration tests").exists();
        StringBuilder many = new StringBuilder();
        for (String n : names(0, 100)) {
            many.append(FaultHarness.configMap(n, "v1")).append("---\n");
        }
        it.work.write(it.dir() + "plumbline.yaml", it.policy()).write(it.dir() + "all.yaml", many.toString());
        it.commit("100 objects");
        it.start(it.work.dir().toString()); // the running state before the CLI run: 100 objects synced
        assertThat(it.cycle().status()).isEqualTo("Synced");
        it.stopAgent();
        assertThat(it.configMaps()).hasSize(100);

        many.setLength(0);
        for (String n : names(5, 405)) { // 5 leave Git (within maxPruneCount), 95 change, 305 are new
            many.append(FaultHarness.configMap(n, "v2")).append("---\n");
        }
        it.work.write(it.dir() + "all.yaml", many.toString());
        it.commit("400 objects");

        PlumblineProcess.Run killed = sync(jar, 1);
        assertThat(killed.exitCode()).as("SIGKILL").isEqualTo(137);
        long done = it.configMaps().keySet().stream().filter(n -> "v2".equals(it.value(n))).count();
        assertThat(done).as("killed mid-apply: some of the 400 applied, not all").isBetween(1L, 399L);
        assertThat(it.configMaps()).as("nothing pruned before the apply finished").containsKeys(names(0, 5));
        assertThat(it.inventory()).as("the whole intent was recorded before the first apply").hasSize(405);
        FaultLedger.objectsLost(it.missing(List.of(names(0, 100))));

        PlumblineProcess.Run again = sync(jar, -1);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(it.configMaps().keySet()).containsExactly(names(5, 405));
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", names(5, 405)));
        List<SyncRecord> history = it.assertHistoryConsistent();
        assertThat(history).as("the killed run wrote no record").hasSize(2);
        assertThat(history.get(0).summary()).containsEntry("pruned", 5);
        System.out.printf("plumbline sync killed (SIGKILL) after %d of 400 applies; the next run completed%n", done);
    }

    private PlumblineProcess.Run sync(Path jar, int killAfter) throws Exception {
        return PlumblineProcess.run(jar, it.tmp.resolve("cli.out"), killAfter, "sync", "--repo", it.work.dir().toString(),
                "--env", it.env, "--kubeconfig", cluster.kubeconfigPath().toString(), "--state-namespace", cluster.stateNamespace());
    }

    // ---- two replicas ------------------------------------------------------------------------------------------

    @Test
    @Fault("two agent replicas syncing one environment at the same time")
    void twoReplicasRacingEndConsistentAndLoseNoHistory() throws Exception {
        it.writeConfigMaps("r0", names(0, 20)).commit("round 0");
        Reconciler a = it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Set<Long> ids = new TreeSet<>(List.of(it.history().get(0).id()));
        // a second replica: its own connection and Git cache (tmp/cache-b), closed after the test
        Reconciler b = it.agents.open(ReconcilerHarness.Wiring.defaults().withUrl(it.work.dir().toString())
                .withGit(options -> options.withCacheDir(it.tmp.resolve("cache-b"))));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            String[] desired = names(0, 20);
            for (int round = 1; round <= 3; round++) {
                int r = round;
                // each round changes some objects, adds some and removes some
                for (int i = 0; i < 3; i++) {
                    it.work.delete(it.dir() + desired[i] + ".yaml");
                }
                desired = IntStream.range(3 * round, 20 + 3 * round).mapToObj(i -> String.format("cm-%03d", i)).toArray(String[]::new);
                it.writeConfigMaps("r" + r, desired).commit("round " + r);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SyncOutcome>> racing = new ArrayList<>();
                for (Reconciler replica : List.of(a, b)) {
                    racing.add(pool.submit(() -> {
                        go.await();
                        return replica.sync(it.env, ManualSync.defaults());
                    }));
                }
                go.countDown();
                for (Future<SyncOutcome> f : racing) {
                    SyncOutcome outcome = f.get(60, TimeUnit.SECONDS);
                    assertThat(outcome.record()).isNotNull();
                    ids.add(outcome.record().id());
                }
                assertThat(it.configMaps().keySet()).as("round %d: exactly Git's objects, none twice", r).containsExactly(desired);
                assertThat(it.inventory()).as("round %d", r).isEqualTo(it.keys("ConfigMap", desired));
                String expected = "r" + r;
                assertThat(it.configMaps().keySet().stream().map(it::value)).containsOnly(expected);
                FaultLedger.objectsLost(it.missing(List.of(desired)));
            }
            List<SyncRecord> history = it.assertHistoryConsistent();
            Set<Long> stored = history.stream().map(SyncRecord::id).collect(Collectors.toCollection(TreeSet::new));
            assertThat(stored)
                    .as("every record either replica wrote is in the history, once").isEqualTo(ids);
            assertThat(history).hasSize(7);
            assertThat(b.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
            assertThat(it.assertConverged(it.keys("ConfigMap", desired))).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- webhooks ----------------------------------------------------------------------------------------------

    /** The agent over smart HTTP with a webhook secret and an hour's poll: after the first run, only pushes move it. */
    private InProcessAgent webhookAgent(FaultGitServer server, List<String> runs) throws Exception {
        Path secret = Files.writeString(it.tmp.resolve("webhook-secret"), SECRET + "\n");
        Path token = Files.writeString(it.tmp.resolve("git-token"), TOKEN + "\n");
        EnvironmentRunListener recorder = (environment, reason, report) -> runs.add(reason + "@" + report.revision().shortSha());
        InProcessAgent agent = InProcessAgent.start(Map.of(
                "plumbline.repo.url", server.url(),
                "plumbline.repo.token-file", token.toString(),
                "plumbline.repo.poll-interval", "1h",
                "plumbline.repo.cache-dir", it.tmp.resolve("agent-cache").toString(),
                "plumbline.environments", List.of(it.env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace(),
                "plumbline.webhook.secret-file", secret.toString()), recorder);
        it.closeLater(agent);
        return agent;
    }

    /** The startup sync is followed by echoes (the simulator's status writes): count runs only once none come. */
    private static void awaitQuiet(List<String> runs) {
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
            runs.clear();
            Thread.sleep(1000);
            return runs.isEmpty();
        });
    }

    private String revision(InProcessAgent agent) throws Exception {
        return agent.drift(it.env).path("revision").path("sha").asText();
    }

    @Test
    @Fault("1,000 signed pushes in a burst (4 commits)")
    void aThousandSignedPushesAreAcceptedCoalescedAndConverge() throws Exception {
        FaultGitServer server = new FaultGitServer(it.tmp.resolve("served"), TOKEN);
        it.closeLater(server);
        it.writeConfigMaps("v1", "a", "b").commit("first");
        server.push(it.work.dir(), false);
        List<String> runs = Collections.synchronizedList(new ArrayList<>());
        InProcessAgent agent = webhookAgent(server, runs);
        await().atMost(Duration.ofSeconds(30)).until(() -> !revision(agent).isEmpty() && agent.drift(it.env).path("status").asText().equals("Synced"));
        Map<String, String> before = it.configMaps();
        awaitQuiet(runs);

        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        long started = System.nanoTime();
        String head = null;
        for (int commit = 1; commit <= 4; commit++) {
            head = it.writeConfigMaps("v1", "pushed-" + commit).commit("push " + commit);
            server.push(it.work.dir(), false);
            byte[] payload = InProcessAgent.githubPush(server.url(), head);
            Map<String, String> headers = Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + InProcessAgent.hmacHex(SECRET, payload));
            for (int i = 0; i < 250; i++) {
                inFlight.acquire();
                sent.add(agent.http.sendAsync(agent.webhook(payload, headers), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((r, e) -> inFlight.release()));
            }
        }
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            statuses.merge(f.get(60, TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
        }
        long acceptedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(statuses).as("every signed push is accepted").isEqualTo(Map.of(202, 1000L));
        String last = head;
        await().atMost(Duration.ofSeconds(30)).until(() -> revision(agent).equals(last)
                && agent.drift(it.env).path("status").asText().equals("Synced"));
        long convergedMillis = (System.nanoTime() - started) / 1_000_000;
        Thread.sleep(500);
        System.out.printf("1,000 signed pushes: accepted in %d ms, converged in %d ms, %d runs %s%n", acceptedMillis,
                convergedMillis, runs.size(), runs);
        assertThat(convergedMillis).as("bounded").isLessThan(60_000);
        assertThat(runs).as("coalesced: far fewer runs than pushes").hasSizeLessThan(50).allMatch(r -> r.startsWith("webhook@"));
        assertThat(it.configMaps()).containsEntry("a", before.get("a")).containsEntry("b", before.get("b"));
        FaultLedger.objectsLost(it.missing(List.of("a", "b", "pushed-1", "pushed-2", "pushed-3", "pushed-4")));
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", "a", "b", "pushed-1", "pushed-2", "pushed-3", "pushed-4"));
        it.assertHistoryConsistent();
    }

    @Test
    @Fault("forged webhook signatures (wrong secret, tampered body, none, wrong scheme)")
    void forgedSignaturesAreRefusedAndMoveNothing() throws Exception {
        FaultGitServer server = new FaultGitServer(it.tmp.resolve("served"), TOKEN);
        it.closeLater(server);
        it.writeConfigMaps("v1", "a").commit("first");
        server.push(it.work.dir(), false);
        List<String> runs = Collections.synchronizedList(new ArrayList<>());
        InProcessAgent agent = webhookAgent(server, runs);
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.drift(it.env).path("status").asText().equals("Synced"));
        String synced = revision(agent);
        awaitQuiet(runs);

        String sha = it.writeConfigMaps("v1", "forged").commit("an attacker's push");
        server.push(it.work.dir(), false);
        byte[] payload = InProcessAgent.githubPush(server.url(), sha);
        byte[] other = InProcessAgent.githubPush(server.url(), synced);
        List<Map<String, String>> forgeries = List.of(
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + InProcessAgent.hmacHex("guessed-secret", payload)),
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + InProcessAgent.hmacHex(SECRET, other)),
                Map.of("X-GitHub-Event", "push"),
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha1=" + InProcessAgent.hmacHex(SECRET, payload)),
                Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + "0".repeat(64)),
                Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guessed-secret"),
                Map.of("X-Plumbline-Signature", "sha256=" + InProcessAgent.hmacHex(SECRET, new byte[0])));
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> r = agent.http.send(agent.webhook(payload, forgeries.get(i % forgeries.size())),
                    HttpResponse.BodyHandlers.ofString());
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertThat(r.body()).doesNotContain(SECRET);
        }
        assertThat(statuses).isEqualTo(Map.of(401, 200));
        Thread.sleep(1500);
        assertThat(runs).as("no run").isEmpty();
        assertThat(revision(agent)).isEqualTo(synced);
        assertThat(it.configMaps()).as("the pushed object is not applied on a forged webhook").doesNotContainKey("forged");
        FaultLedger.objectsLost(it.missing(List.of("a")));
        double refused = agent.get("/prometheus").body().lines()
                .filter(l -> l.startsWith("plumbline_webhook_requests_total{") && l.contains("outcome=\"unauthorized\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        assertThat(refused).as("every forgery is counted as unauthorized").isEqualTo(200.0);

        HttpResponse<String> genuine = agent.http.send(agent.webhook(payload, Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + InProcessAgent.hmacHex(SECRET, payload))), HttpResponse.BodyHandlers.ofString());
        assertThat(genuine.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> revision(agent).equals(sha));
        assertThat(it.configMaps()).containsKeys("a", "forged");
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", "a", "forged"));
        it.assertHistoryConsistent();
    }
}
