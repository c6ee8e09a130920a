package dev.plumbline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.render.YamlReader;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every bad-input case of the renderer ({@code src/test/resources/render/bad/<case>/}: malformed YAML, missing
 * apiVersion/kind/metadata.name, duplicate keys and objects, missing and escaping paths, objects outside restrictions,
 * unknown kustomization fields, {@code vars}, ...) end to end through the running agent: committed over a converged
 * environment, picked up by the agent's own poll, and reported on {@code GET /api/v1/environments/{env}/drift} with
 * every problem at its {@code file:line}, stale, with the last good entries; nothing applied, nothing pruned. A fixing
 * commit then converges. One agent and one environment serve all cases, one after the other.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class InputFaultsIT {

    private static final Path BAD = Path.of("src/test/resources/render/bad");

    @RegisterExtension
    final FaultHarness it = new FaultHarness();

    @TestFactory
    Stream<DynamicTest> everyBadInputIsReportedByTheRunningAgentAndChangesNothing(TestCluster cluster) throws Exception {
        AtomicReference<String> good = new AtomicReference<>(writeGood(it, 0));
        InProcessAgent agent = InProcessAgent.start(Map.of(
                "plumbline.repo.url", it.work.dir().toString(),
                "plumbline.repo.poll-interval", "300ms",
                "plumbline.repo.cache-dir", it.tmp.resolve("agent-cache").toString(),
                "plumbline.environments", List.of(it.env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace()));
        it.closeLater(agent);
        awaitSynced(agent, it, good.get());

        List<String> cases;
        try (Stream<Path> dirs = Files.list(BAD)) {
            cases = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String name = cases.get(i);
            int round = i + 1;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                FaultLedger.open();
                boolean survived = false;
                try {
                    runCase(agent, it, name, good.get());
                    good.set(writeGood(it, round));
                    awaitSynced(agent, it, good.get());
                    FaultLedger.objectsLost(it.missing(List.of("keep-1", "keep-2")));
                    assertThat(it.value("keep-1")).isEqualTo("round-" + round);
                    it.assertHistoryConsistent();
                    survived = true;
                } finally {
                    if (!survived) { // the next case starts from a good state all the same
                        good.set(writeGood(it, round));
                    }
                    int lost = FaultLedger.close();
                    FaultLedger.record(InputFaultsIT.class.getSimpleName(), name, "bad input: " + name.replace('-', ' '),
                            survived, survived ? lost : -1);
                }
            }));
        }
        return tests.stream();
    }

    private void runCase(InProcessAgent agent, FaultHarness it, String name, String goodSha) throws Exception {
        Map<String, String> before = it.configMaps();
        JsonNode lastGood = agent.drift(it.env);
        List<String> expected = Files.readAllLines(BAD.resolve(name).resolve("expected-errors.txt")).stream()
                .filter(l -> !l.isBlank()).map(l -> l.replace("environments/dev", "environments/" + it.env)).toList();

        writeBad(it, name);
        String bad = it.commit("bad input: " + name);

        JsonNode report = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> agent.drift(it.env), r -> problems(r).containsAll(expected));
        assertThat(report.path("error").asText()).startsWith("environment " + it.env + " render failed: ");
        assertThat(report.path("stale").asBoolean()).as("stale").isTrue();
        assertThat(report.path("revision").path("sha").asText()).as("still the last good revision, not %s", bad)
                .isEqualTo(goodSha);
        assertThat(report.path("entries")).as("last good entries kept").isEqualTo(lastGood.path("entries"));
        assertThat(problems(report)).allSatisfy(p -> assertThat(p).matches("(?s)[^:]+:\\d+: .+"));

        Thread.sleep(400); // another poll of the bad commit
        assertThat(it.configMaps()).as("nothing applied, nothing pruned, nothing touched").isEqualTo(before);
        assertThat(cluster(it).apps().deployments().inAnyNamespace().withLabel("plumbline.dev/environment", it.env).list()
                .getItems()).as("no object of the bad commit applied").isEmpty();
        assertThat(it.inventory()).isEqualTo(it.keys("ConfigMap", "keep-1", "keep-2"));
        FaultLedger.objectsLost(it.missing(before.keySet()));
    }

    private static io.fabric8.kubernetes.client.KubernetesClient cluster(FaultHarness it) {
        return it.cluster.client();
    }

    private static List<String> problems(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("problems").forEach(p -> out.add(p.asText()));
        return out;
    }

    private void awaitSynced(InProcessAgent agent, FaultHarness it, String sha) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> agent.drift(it.env),
                r -> r.path("revision").path("sha").asText().equals(sha) && r.path("status").asText().equals("Synced")
                        && r.path("error").isNull() && !r.path("stale").asBoolean());
    }

    /** The environment as it should be: two ConfigMaps, keep-1 carrying the round so each recovery is a real sync. */
    private static String writeGood(FaultHarness it, int round) {
        clear(it.work.dir());
        it.work.write(it.dir() + "plumbline.yaml", it.policy())
                .write(it.dir() + "keep-1.yaml", FaultHarness.configMap("keep-1", "round-" + round))
                .write(it.dir() + "keep-2.yaml", FaultHarness.configMap("keep-2", "stable"));
        return it.commit("good, round " + round);
    }

    /** The fixture's repository in place of the good one, its {@code environments/dev} renamed to the environment. */
    private static void writeBad(FaultHarness it, String name) throws IOException {
        clear(it.work.dir());
        Path fixture = BAD.resolve(name);
        try (Stream<Path> files = Files.walk(fixture)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String relative = fixture.relativize(f).toString().replace('\\', '/');
                if (relative.equals("expected-errors.txt") || relative.equals("test-options.yaml")) {
                    continue;
                }
                // byte for byte (ISO-8859-1 maps each byte to one char): a fixture may hold bytes that are not UTF-8
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                        .replace("environments/dev", "environments/" + it.env);
                Path target = it.work.dir().resolve(relative.replace("environments/dev/", it.dir()));
                Files.createDirectories(target.getParent());
                Files.write(target, content.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        Path options = fixture.resolve("test-options.yaml");
        if (Files.exists(options) && !Files.exists(fixture.resolve("environments/dev/plumbline.yaml"))) {
            it.work.write(it.dir() + "plumbline.yaml", policyFrom(Files.readAllBytes(options)));
        }
    }

    /** The renderer test's options ({@code defaultNamespace}, {@code namespaces}, {@code clusterScoped}) as a policy. */
    @SuppressWarnings("unchecked")
    private static String policyFrom(byte[] options) {
        Map<String, Object> o = (Map<String, Object>) YamlReader.defaults().read("test-options.yaml", options, false).get(0).root();
        StringBuilder policy = new StringBuilder("namespace: " + o.get("defaultNamespace") + "\n");
        if (o.containsKey("namespaces") || o.containsKey("clusterScoped")) {
            policy.append("restrictions:\n");
            if (o.containsKey("namespaces")) {
                policy.append("  namespaces: ").append(o.get("namespaces")).append('\n');
            }
            if (o.containsKey("clusterScoped")) {
                policy.append("  clusterScoped: ").append(o.get("clusterScoped")).append('\n');
            }
        }
        return policy.toString();
    }

    /** Deletes everything in the working tree but {@code .git}. */
    private static void clear(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !dir.relativize(p).startsWith(".git")) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
