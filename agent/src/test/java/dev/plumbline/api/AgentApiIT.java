package dev.plumbline.api;

import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.plumbline.reconcile.DriftReportITAccess.manifests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code plumbline serve} in-process: real HTTP on 127.0.0.1, a real Git repository, the real API server. */
@ExtendWith(KubernetesExtension.class)
class AgentApiIT {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private ApplicationContext app;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start(TestCluster cluster) throws Exception {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        // auto: false — the agent reports but never applies (the approval gate), so the test controls the cluster.
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  auto: false\n")
                .write("environments/" + env + "/app.yaml", manifests(env)).commit("first");
        Path token = Files.writeString(tmp.resolve("api-token"), "s3cret-token\n");
        app = ApplicationContext.run(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "plumbline.repo.url", repo.dir().toString(),
                "plumbline.repo.poll-interval", "500ms",
                "plumbline.repo.cache-dir", tmp.resolve("cache").toString(),
                "plumbline.environments", List.of(env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace(),
                "plumbline.api.token-file", token.toString()));
        app.getBean(EmbeddedServer.class).start();
        base = app.getBean(EmbeddedServer.class).getURI();
    }

    @AfterEach
    void stop() {
        app.close();
        repo.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void applyAll() {
        List<DesiredObject> desired = DesiredObjects.prepare(RenderedEnvironment.render(new DirectoryTree(repo.dir()), env).state());
        for (DesiredObject o : desired) {
            cluster.client().resource(cluster.client().getKubernetesSerialization().convertValue(o.body(), GenericKubernetesResource.class))
                    .fieldManager("plumbline").forceConflicts().serverSideApply();
        }
        new InventoryStore(cluster.client(), cluster.stateNamespace()).update(env, inv ->
                inv.plus(desired.stream().map(o -> new InventoryEntry(o.key(), o.apiVersion())).toList()));
    }

    @Test
    void servesHealthDriftMetricsAndOpenApi() throws Exception {
        assertThat(base.getHost()).isEqualTo("127.0.0.1");
        assertThat(get("/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/health/readiness").statusCode()).isEqualTo(200);

        // Before any apply, the scheduled check finds every object Missing.
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/environments/" + env + "/drift").body(),
                body -> body.contains("\"Missing\" : 3"));

        applyAll();
        String synced = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/environments/" + env).body(),
                body -> body.contains("\"status\" : \"Synced\""));
        assertThat(synced).contains("\"subject\" : \"first\"", "\"checkedAt\"", "\"stale\" : false",
                "\"decision\" : \"waiting for approval\"");

        new Kubectl(cluster.kubeconfigPath()).run("-n", env, "set", "image", "deployment/app", "api=nginx:1.27");
        String drift = await().atMost(Duration.ofSeconds(20)).until(() -> get("/api/v1/drift").body(),
                body -> body.contains("\"Modified\" : 1"));
        assertThat(drift).contains("\"path\" : \"/spec/template/spec/containers/0/image\"", "\"manager\" : \"kubectl-set\"",
                "\"desired\" : \"nginx:1.25\"", "\"live\" : \"nginx:1.27\"");

        String metrics = get("/prometheus").body();
        assertThat(metrics).contains("plumbline_objects{environment=\"" + env + "\",verdict=\"Modified\"} 1.0")
                .contains("plumbline_api_calls_total{channel=\"reconcile\"").contains("plumbline_git_fetch_duration_seconds")
                .contains("plumbline_diff_duration_seconds").contains("plumbline_check_last_success");

        HttpResponse<String> openapi = get("/openapi/plumbline-v1.yml");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/environments/{env}/drift");
    }

    @Test
    void mutatingEndpointsNeedTheBearerTokenAndErrorsAreProblemDetails() throws Exception {
        HttpResponse<String> anonymous = post("/api/v1/environments/" + env + "/refresh", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(anonymous.body()).contains("missing Authorization: Bearer <token>").doesNotContain("s3cret");

        HttpResponse<String> wrong = post("/api/v1/environments/" + env + "/refresh", "guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid bearer token").doesNotContain("s3cret");

        HttpResponse<String> ok = post("/api/v1/environments/" + env + "/refresh", "s3cret-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"environment\" : \"" + env + "\"", "\"Missing\" : 3");

        HttpResponse<String> unknown = get("/api/v1/environments/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"status\" : 404", "environment nope is not reconciled by this agent");
    }
}
