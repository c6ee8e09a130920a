package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.reconcile.DriftReportITAccess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.plumbline.cli.CliDiffIT.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code approve}, {@code rollback}, {@code resume}, {@code history} and {@code status}, in-process, both ways: through
 * an agent served over real HTTP on 127.0.0.1, and directly on the cluster; a real Git repository, the real API server.
 * One story each: a gated environment ({@code sync.auto: false}) is approved, moves on, is rolled back (pinned) and
 * resumed; the history and the status say so; a wrong token and an unknown revision exit 2 naming what failed.
 */
@ExtendWith(KubernetesExtension.class)
class CliVerbsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** Two environments: {@code env} gated, {@code env-b} following its branch; the gated one at nginx:1.25. */
    private World world(TestCluster cluster) {
        String env = cluster.namespace();
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
        closing.add(repo);
        String first = repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  auto: false\n")
                .write("environments/" + env + "/app.yaml", DriftReportITAccess.manifests(env))
                .write("environments/" + env + "-b/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "-b/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: b\n")
                .commit("first");
        return new World(cluster, env, repo, first);
    }

    record World(TestCluster cluster, String env, GitRepoFixture repo, String first) {
        String image() {
            return cluster.client().apps().deployments().inNamespace(env).withName("app").get()
                    .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        }

        String second() {
            return repo.write("environments/" + env + "/app.yaml", DriftReportITAccess.manifests(env).replace("nginx:1.25", "nginx:1.26"))
                    .commit("second");
        }
    }

    @Test
    void throughARunningAgent(TestCluster cluster) throws Exception {
        World w = world(cluster);
        Path token = Files.writeString(tmp.resolve("api-token"), "s3cret-token\n");
        ApplicationContext app = ApplicationContext.run(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "plumbline.repo.url", w.repo().dir().toString(),
                "plumbline.repo.poll-interval", "500ms",
                "plumbline.repo.cache-dir", tmp.resolve("agent-cache").toString(),
                "plumbline.environments", List.of(w.env(), w.env() + "-b"),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace(),
                "plumbline.api.token-file", token.toString()));
        closing.add(0, app);
        EmbeddedServer server = app.getBean(EmbeddedServer.class);
        server.start();
        String url = server.getURI().toString();
        List<String> way = List.of("--server", url, "--token-file", token.toString());

        story(w, way, true);

        Path wrong = Files.writeString(tmp.resolve("wrong-token"), "guess\n");
        CliDiffIT.Run refused = run(args("approve", w, List.of("--server", url, "--token-file", wrong.toString()), "--revision", w.first()));
        assertThat(refused.code()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("plumbline approve failed: agent " + url.replaceAll("/$", "") + " POST /api/v1/environments/"
                + w.env() + "/sync failed: 401 Unauthorized: invalid bearer token").doesNotContain("s3cret", "guess");
        assertThat(refused.out()).isEmpty();

        CliDiffIT.Run anonymous = run(args("resume", w, List.of("--server", url)));
        assertThat(anonymous.code()).isEqualTo(2);
        assertThat(anonymous.err()).contains("401 Unauthorized: missing Authorization: Bearer <token> (give the API token with --token-file)");

        CliDiffIT.Run noFile = run(args("resume", w, List.of("--server", url, "--token-file", tmp.resolve("nope").toString())));
        assertThat(noFile.code()).isEqualTo(2);
        assertThat(noFile.err()).contains("plumbline resume failed: API token file " + tmp.resolve("nope") + " read failed: no such file");

        CliDiffIT.Run unknownEnv = run("history", "--env", "nope", "--server", url);
        assertThat(unknownEnv.code()).isEqualTo(2);
        assertThat(unknownEnv.err()).contains("404 Not Found: environment nope is not reconciled by this agent");

        server.stop();
        CliDiffIT.Run away = run(args("status", w, way));
        assertThat(away.code()).isEqualTo(2);
        assertThat(away.err()).contains("plumbline status failed: agent " + url.replaceAll("/$", "") + " GET /api/v1/environments/"
                + w.env() + " failed: cannot connect");
    }

    @Test
    void directlyOnTheCluster(TestCluster cluster) {
        World w = world(cluster);
        List<String> way = List.of("--repo", w.repo().dir().toString(), "--kubeconfig", cluster.kubeconfigPath().toString(),
                "--state-namespace", cluster.stateNamespace(), "--cache-dir", tmp.resolve("cli-cache").toString());
        story(w, way, false);

        // history reads only the state namespace: no --repo needed
        CliDiffIT.Run history = run("history", "--env", w.env(), "--kubeconfig", cluster.kubeconfigPath().toString(),
                "--state-namespace", cluster.stateNamespace(), "-o", "json");
        assertThat(history.code()).as(history.err()).isZero();
        assertThat(json(history.out())).hasSize(3);

        // an environment synced at its head, healthy, waiting for nothing: status exits 0
        String head = w.repo().commit("third");
        assertThat(run(args("approve", w, way, "--env", null, "--env", w.env() + "-b", "--revision", head)).code()).isZero();
        CliDiffIT.Run clean = run(args("status", w, way, "--env", null, "--env", w.env() + "-b"));
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).contains(w.env() + "-b", "Synced", "Healthy", "in sync");

        CliDiffIT.Run both = run(args("status", w, List.of("--repo", ".", "--server", "http://127.0.0.1:1")));
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("status talks to a running agent (--server) or to the cluster directly (--repo), not both");
        CliDiffIT.Run neither = run("approve", "--env", w.env(), "--revision", w.first());
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("approve needs --server URL (a running agent) or --repo <dir|url> (the cluster directly)");
    }

    /** The same story either way; {@code agent}: the status is the agent's last report, so it is awaited. */
    private void story(World w, List<String> way, boolean agent) {
        String env = w.env();
        CliDiffIT.Run approved = run(args("approve", w, way, "--revision", w.first().substring(0, 8)));
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("created Deployment/" + env + "/app", "created ConfigMap/" + env + "/app-config");
        assertThat(approved.err()).contains("approving " + env + " at " + w.first().substring(0, 8));
        assertThat(w.image()).isEqualTo("nginx:1.25");

        String second = w.second();
        JsonNode waiting = status(w, way, agent, r -> second.equals(r.path("gate").path("pending").asText()));
        assertThat(waiting.path("gate").path("target").asText()).isEqualTo(w.first());
        CliDiffIT.Run all = run(args("status", w, way, "--env", null));
        assertThat(all.code()).as(all.err()).isEqualTo(1); // the gated environment waits
        assertThat(all.out()).contains("ENVIRONMENT", env + " ", env + "-b ", "pending " + second.substring(0, 7));
        CliDiffIT.Run moved = run(args("approve", w, way, "--revision", w.first()));
        assertThat(moved.code()).isEqualTo(2);
        assertThat(moved.err()).contains("approval failed: the branch has moved past " + w.first());
        CliDiffIT.Run unknown = run(args("approve", w, way, "--revision", "deadbeef0"));
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("git resolve 'deadbeef0' in ", "failed: unknown revision");
        if (agent) {
            assertThat(unknown.err()).contains("422 Unprocessable Entity");
        }

        assertThat(run(args("approve", w, way, "--revision", second)).code()).isZero();
        assertThat(w.image()).isEqualTo("nginx:1.26");

        CliDiffIT.Run rolledBack = run(args("rollback", w, way, "--revision", w.first(), "-o", "json"));
        assertThat(rolledBack.code()).as(rolledBack.err()).isZero();
        assertThat(json(rolledBack.out()).path("record").path("trigger").asText()).isEqualTo("rollback");
        assertThat(w.image()).isEqualTo("nginx:1.25");
        status(w, way, agent, r -> w.first().equals(r.path("gate").path("pinned").asText()));

        CliDiffIT.Run resumed = run(args("resume", w, way));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains(env + ": unpinned, following its branch (last applied " + w.first().substring(0, 7) + ")");
        JsonNode gated = status(w, way, agent, r -> r.path("gate").path("pinned").isNull());
        assertThat(gated.path("gate").path("pending").asText()).isEqualTo(second); // gated: the head waits again
        assertThat(w.image()).isEqualTo("nginx:1.25");

        CliDiffIT.Run history = run(args("history", w, way));
        assertThat(history.code()).as(history.err()).isZero();
        String[] lines = history.out().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).startsWith("ID").contains("TRIGGER", "REVISION", "RESULT");
        assertThat(lines[1]).contains("rollback", w.first().substring(0, 7) + " first", "succeeded");
        assertThat(lines[2]).contains("approval", second.substring(0, 7) + " second", "1 configured");
        assertThat(lines[3]).contains("approval", w.first().substring(0, 7) + " first", "3 created");
        JsonNode records = json(run(args("history", w, way, "-o", "json")).out());
        assertThat(records).hasSize(3);
        assertThat(records.get(0).path("trigger").asText()).isEqualTo("rollback");
        assertThat(records.get(2).path("revision").asText()).isEqualTo(w.first());
    }

    /** {@code status --env E -o json} until {@code until} holds (the agent reports after its next cycle). */
    private JsonNode status(World w, List<String> way, boolean agent, Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(agent ? 30 : 60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            CliDiffIT.Run s = run(args("status", w, way, "-o", "json"));
            assertThat(s.code()).as(s.err()).isIn(0, 1);
            JsonNode reports = json(s.out());
            assertThat(reports).hasSize(1);
            return reports.get(0);
        }, until);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** {@code verb --env <env> <way...> <more...>}; {@code "--env", null} in {@code more} drops the default --env. */
    private static String[] args(String verb, World w, List<String> way, String... more) {
        List<String> out = new ArrayList<>(List.of(verb));
        boolean env = true;
        for (int i = 0; i < more.length; i++) {
            if (more[i].equals("--env") && more[i + 1] == null) {
                env = false;
                i++;
            } else {
                out.add(more[i]);
            }
        }
        if (env) {
            out.add("--env");
            out.add(w.env());
        }
        out.addAll(way);
        return out.toArray(String[]::new);
    }
}
