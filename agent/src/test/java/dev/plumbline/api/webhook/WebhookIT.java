package dev.plumbline.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.schedule.EnvironmentRunListener;
import dev.plumbline.testing.GitHttpHost;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.plumbline.reconcile.DriftReportITAccess.manifests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A push converges in seconds: a real repository served over JGit smart HTTP (the agent's {@code plumbline.repo.url}),
 * commits pushed to it as a developer would, signed webhooks over real HTTP to the in-process agent, the real API
 * server. The poll interval is an hour, so after the first run only a webhook can cause a run.
 */
@ExtendWith(KubernetesExtension.class)
class WebhookIT {

    private static final String SECRET = "webhook-s3cret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String env;
    private GitHttpHost gitServer;
    private GitRepoFixture work;
    private ApplicationContext app;
    private URI base;
    private String firstSha;
    private final List<String> runs = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();

    /** Records every finished run, to tell webhook runs from none and to count coalescing. */
    private TestCluster cluster;

    private final EnvironmentRunListener recorder = (environment, reason, report) -> runs.add(reason + "@" + report.revision().shortSha());

    @BeforeEach
    void start(TestCluster cluster) throws Exception {
        this.cluster = cluster;
        env = cluster.namespace();
        gitServer = new GitHttpHost(tmp.resolve("served"));
        gitServer.createBare("deploy.git", true); // developers push over HTTP
        work = new GitRepoFixture(tmp.resolve("work"));
        work.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "/app.yaml", manifests(env));
        firstSha = commitAndPush("first", "main");
        Path secret = Files.writeString(tmp.resolve("webhook-secret"), SECRET + "\n");
        app = ApplicationContext.builder().singletons(recorder).properties(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "plumbline.repo.url", gitServer.url("deploy.git"),
                "plumbline.repo.poll-interval", "1h",
                "plumbline.repo.cache-dir", tmp.resolve("cache").toString(),
                "plumbline.environments", List.of(env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace(),
                "plumbline.webhook.secret-file", secret.toString())).start();
        base = app.getBean(EmbeddedServer.class).start().getURI();
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        await().atMost(Duration.ofSeconds(30)).until(() -> revision().equals(firstSha)); // the startup run and sync
        // The startup sync is followed by the status simulator's writes (real changes, each worth one cycle); count
        // runs only once the environment is quiet.
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
            runs.clear();
            Thread.sleep(1000);
            return runs.isEmpty();
        });
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        work.close();
        gitServer.close();
    }

    @Test
    void aSignedGitHubPushConvergesWithinTwoSecondsAndAWrongSignatureChangesNothing() throws Exception {
        String sha = addConfigMap("pushed-config", "main");
        // Credentials and a trailing slash in the payload's URL still name the followed repository.
        byte[] payload = githubPush("refs/heads/main", sha, gitServer.url("deploy.git").replace("http://", "http://ci:token@") + "/");

        HttpResponse<String> forged = post(payload, Map.of("X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + Signing.hmacHex("not-the-secret", payload)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain(SECRET, sha);
        assertNothingMoves();

        long posted = System.nanoTime();
        HttpResponse<String> accepted = post(payload, Signing.push(Provider.GITHUB, SECRET, payload));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).contains("\"environments\" : [ \"" + env + "\" ]", "\"coalesced\" : [ ]");
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(25)).until(() -> revision().equals(sha));
        System.out.printf("webhook → report at pushed revision: %d ms%n", (System.nanoTime() - posted) / 1_000_000);
        // The push reached the cluster: the new object exists and the report has it InSync.
        assertThat(cluster.client().configMaps().inNamespace(env).withName("pushed-config").get()).isNotNull();
        assertThat(entry("ConfigMap", "pushed-config").path("status").asText()).isEqualTo("InSync");
        await().atMost(Duration.ofSeconds(2)).until(() -> get("/prometheus"),
                m -> m.contains("plumbline_webhook_push_to_converged_seconds_count{environment=\"" + env + "\"} 1\n"));
    }

    @Test
    void gitLabTokenAndGenericHmacTriggerRunsAndWrongOnesDoNot() throws Exception {
        String sha = addConfigMap("from-gitlab", "main");
        byte[] gitlab = gitlabPush(sha);
        HttpResponse<String> wrongToken = post(gitlab, Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess"));
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(wrongToken.body()).contains("X-Gitlab-Token does not match the secret");
        assertNothingMoves();
        assertThat(post(gitlab, Signing.push(Provider.GITLAB, SECRET, gitlab)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(25)).until(() -> revision().equals(sha));

        String next = addConfigMap("from-generic", "main");
        byte[] generic = JSON.writeValueAsBytes(Map.of("repository", gitServer.url("deploy.git"), "ref", "refs/heads/main", "after", next,
                "files", List.of("environments/" + env + "/from-generic.yaml")));
        runs.clear();
        HttpResponse<String> tampered = post(generic, Map.of("X-Plumbline-Signature",
                "sha256=" + Signing.hmacHex(SECRET, "{\"other\":\"body\"}".getBytes(StandardCharsets.UTF_8))));
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertNothingMoves();
        assertThat(post(generic, Signing.push(Provider.GENERIC, SECRET, generic)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(25)).until(() -> revision().equals(next));
        assertThat(cluster.client().configMaps().inNamespace(env).withName("from-generic").get()).isNotNull();
        assertThat(entry("ConfigMap", "from-generic").path("status").asText()).isEqualTo("InSync");
    }

    @Test
    void pushesToAnotherBranchOrRepositoryAreIgnored() throws Exception {
        String feature = addConfigMap("on-a-branch", "feature");
        byte[] branch = githubPush("refs/heads/feature", feature, gitServer.url("deploy.git"));
        HttpResponse<String> ignored = post(branch, Signing.push(Provider.GITHUB, SECRET, branch));
        assertThat(ignored.statusCode()).isEqualTo(202);
        assertThat(ignored.body()).contains("\"ignored\" : \"push to refs/heads/feature, following main\"");

        byte[] other = githubPush("refs/heads/main", feature, "https://github.com/someone/else.git");
        HttpResponse<String> elsewhere = post(other, Signing.push(Provider.GITHUB, SECRET, other));
        assertThat(elsewhere.statusCode()).isEqualTo(202);
        assertThat(elsewhere.body()).contains("push to github.com/someone/else, following 127.0.0.1/git/deploy");
        assertNothingMoves();

        byte[] huge = new byte[2 * 1024 * 1024];
        assertThat(post(huge, Signing.push(Provider.GITHUB, SECRET, huge)).statusCode()).isEqualTo(413);
    }

    @Test
    void aBurstOfFiftyPushesIsCoalescedIntoFewRuns() throws Exception {
        String sha = addConfigMap("burst", "main");
        byte[] payload = githubPush("refs/heads/main", sha, gitServer.url("deploy.git"));
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sent.add(http.sendAsync(request(payload, Signing.push(Provider.GITHUB, SECRET, payload)), HttpResponse.BodyHandlers.ofString()));
        }
        List<JsonNode> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            assertThat(f.get().statusCode()).isEqualTo(202);
            answers.add(JSON.readTree(f.get().body()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> revision().equals(sha));
        Thread.sleep(1000); // let any run still queued behind the burst finish before counting
        long folded = answers.stream().filter(a -> a.path("coalesced").size() == 1).count();
        System.out.printf("50 pushes: %d folded into a pending run, %d runs %s%n", folded, runs.size(), runs);
        assertThat(runs).allSatisfy(r -> assertThat(r).startsWith("webhook@")).hasSizeBetween(1, 10);
        assertThat(folded).isEqualTo(50 - runs.size());
        assertThat(get("/prometheus")).contains("plumbline_webhook_push_to_converged_seconds_count{environment=\"" + env + "\"} 1\n");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private String addConfigMap(String name, String branch) throws Exception {
        work.write("environments/" + env + "/" + name + ".yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  pushed: \"yes\"\n");
        return commitAndPush("add " + name, branch);
    }

    /** Commits on the work tree's {@code main} and pushes that commit to {@code branch} over smart HTTP. */
    private String commitAndPush(String message, String branch) throws Exception {
        String sha = work.commit(message);
        try (Git git = Git.open(work.dir().toFile())) {
            git.push().setRemote(gitServer.url("deploy.git")).setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/" + branch))
                    .setForce(true).call();
        }
        return sha;
    }

    private byte[] githubPush(String ref, String sha, String cloneUrl) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("ref", ref).put("before", firstSha).put("after", sha)
                .put("created", false).put("deleted", false).put("forced", false);
        p.putObject("repository").put("full_name", "acme/deploy").put("clone_url", cloneUrl).put("html_url", "http://127.0.0.1/ui/deploy");
        ObjectNode commit = p.putArray("commits").addObject().put("id", sha).put("message", "add");
        commit.putArray("added").add("environments/" + env + "/" + "changed.yaml");
        commit.putArray("modified");
        commit.putArray("removed");
        return JSON.writeValueAsBytes(p);
    }

    private byte[] gitlabPush(String sha) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("object_kind", "push").put("ref", "refs/heads/main").put("before", firstSha)
                .put("after", sha).put("checkout_sha", sha).put("total_commits_count", 1);
        p.putObject("project").put("git_http_url", gitServer.url("deploy.git")).put("git_ssh_url", "git@127.0.0.1:git/deploy.git");
        p.putArray("commits").addObject().put("id", sha).putArray("added").add("environments/" + env + "/from-gitlab.yaml");
        return JSON.writeValueAsBytes(p);
    }

    /** After a refused or ignored webhook: no run happens and the report stays where it was. */
    private void assertNothingMoves() throws Exception {
        String before = revision();
        Thread.sleep(1500);
        assertThat(runs).isEmpty();
        assertThat(revision()).isEqualTo(before);
    }

    private String revision() throws Exception {
        return report().path("revision").path("sha").asText();
    }

    private JsonNode entry(String kind, String name) throws Exception {
        for (JsonNode e : report().path("entries")) {
            if (e.path("kind").asText().equals(kind) && e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError(kind + "/" + name + " not in the drift report");
    }

    private JsonNode report() throws Exception {
        return JSON.readTree(get("/api/v1/environments/" + env + "/drift"));
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest request(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1/webhooks/git")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return b.build();
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        return http.send(request(body, headers), HttpResponse.BodyHandlers.ofString());
    }
}
