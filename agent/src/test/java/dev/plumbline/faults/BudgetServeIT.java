package dev.plumbline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.render.AliasBomb;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 case 5 against the real jar as the chart runs it ({@code -XX:+ExitOnOutOfMemoryError}, here with a 256 MiB
 * heap): a commit of 60 alias bombs reaches the running agent, which reports the budget error and keeps the last good
 * state, stays alive and live, and converges the next good commit. Before the budgets this commit killed the render
 * with OutOfMemoryError and every later cycle failed ({@code ConfigMap/… get failed: null}).
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class BudgetServeIT {

    private static final Path JAR = Path.of(System.getProperty("plumbline.repo.root", "..")).resolve("agent/target/plumbline.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    final FaultHarness it = new FaultHarness();
    private Process agent;

    @AfterEach
    void tearDown() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    @Fault("60 YAML alias bombs in one 27 KB commit, agent in a 256 MiB heap")
    void anAliasBombCommitIsAReportedBudgetErrorAndTheNextGoodCommitConverges(TestCluster cluster) throws Exception {
        String good = it.writeConfigMaps("v1", "a", "b").commit("good");
        URI base = start(cluster);
        JsonNode synced = awaitReport(base, r -> r.path("revision").path("sha").asText().equals(good)
                && r.path("status").asText().equals("Synced"));
        Map<String, String> before = it.configMaps();

        AliasBomb.write(it.work.dir(), it.env, 60, 5, 3);
        String bombs = it.commit("60 alias bombs");
        JsonNode failed = awaitReport(base, r -> r.path("error").asText().contains("render budget exceeded"));

        assertThat(failed.path("error").asText()).contains("environments/" + it.env + "/bomb-00.yaml:5: render budget "
                + "exceeded: more than 1000000 YAML values").contains("plumbline.render.max-values");
        assertThat(failed.path("revision").path("sha").asText()).as("the last good revision stays, not %s", bombs)
                .isEqualTo(good);
        assertThat(failed.path("entries")).isEqualTo(synced.path("entries"));
        assertThat(agent.isAlive()).as("no OutOfMemoryError ended the JVM").isTrue();
        assertThat(get(base, "/health/liveness").statusCode()).isEqualTo(200);
        assertThat(it.configMaps()).isEqualTo(before);
        FaultLedger.objectsLost(it.missing(before.keySet()));

        for (int i = 0; i < 60; i++) {
            it.work.delete(String.format("%sbomb-%02d.yaml", it.dir(), i));
        }
        String fixed = it.writeConfigMaps("v2", "a").commit("revert the bombs, change a");
        awaitReport(base, r -> r.path("revision").path("sha").asText().equals(fixed)
                && r.path("status").asText().equals("Synced") && r.path("error").isNull());
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(agent.isAlive()).isTrue();
    }

    private URI start(TestCluster cluster, String... jvmOptions) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        // the image's flag, unless a test brings its own options (to see what happens in a JVM without it)
        command.addAll(jvmOptions.length == 0 ? List.of("-XX:+ExitOnOutOfMemoryError") : List.of(jvmOptions));
        command.addAll(List.of("-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--kubeconfig", cluster.kubeconfigPath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(it.tmp.resolve("agent.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PLUMBLINE_REPO_URL", it.work.dir().toString());
        env.put("PLUMBLINE_REPO_POLL_INTERVAL", "500ms");
        env.put("PLUMBLINE_REPO_CACHE_DIR", it.tmp.resolve("git-cache").toString());
        env.put("PLUMBLINE_ENVIRONMENTS", it.env);
        env.put("PLUMBLINE_STATE_NAMESPACE", cluster.stateNamespace());
        agent = pb.start();
        URI base = URI.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> get(base, "/health/liveness").statusCode() == 200);
        return base;
    }

    private JsonNode awaitReport(URI base, java.util.function.Predicate<JsonNode> done) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> JSON.readTree(get(base, "/api/v1/environments/" + it.env + "/drift").body()), done::test);
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
