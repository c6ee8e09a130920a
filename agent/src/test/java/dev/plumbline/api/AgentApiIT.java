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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.plumbline.reconcile.DriftReportITAccess.manifests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code plumbline serve} in-process: real HTTP on 127.0.0.1, a real Git repository, the real API server. */
@ExtendWith(KubernetesExtension.class)
class AgentApiIT {

    @RegisterExtension
    final ServedAgent agent = new ServedAgent();

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;

    @BeforeEach
    void start() {
        cluster = agent.cluster;
        env = agent.env;
        repo = agent.repo;
        // auto: false — the agent reports but never applies (the approval gate), so the test controls the cluster.
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  auto: false\n")
                .write("environments/" + env + "/app.yaml", manifests(env)).commit("first");
        agent.start();
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
        assertThat(agent.base.getHost()).isEqualTo("127.0.0.1");
        assertThat(agent.get("/health/liveness").statusCode()).isEqualTo(200);
        assertThat(agent.get("/health/readiness").statusCode()).isEqualTo(200);

        // Before any apply, the scheduled check finds every object Missing.
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/environments/" + env + "/drift").body(),
                body -> body.contains("\"Missing\" : 3"));

        applyAll();
        String synced = await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/environments/" + env).body(),
                body -> body.contains("\"status\" : \"Synced\""));
        assertThat(synced).contains("\"subject\" : \"first\"", "\"checkedAt\"", "\"stale\" : false",
                "\"decision\" : \"waiting for approval\"");

        new Kubectl(cluster.kubeconfigPath()).run("-n", env, "set", "image", "deployment/app", "api=nginx:1.27");
        String drift = await().atMost(Duration.ofSeconds(20)).until(() -> agent.get("/api/v1/drift").body(),
                body -> body.contains("\"Modified\" : 1"));
        assertThat(drift).contains("\"path\" : \"/spec/template/spec/containers/0/image\"", "\"manager\" : \"kubectl-set\"",
                "\"desired\" : \"nginx:1.25\"", "\"live\" : \"nginx:1.27\"");

        String metrics = agent.get("/prometheus").body();
        assertThat(metrics).contains("plumbline_objects{environment=\"" + env + "\",verdict=\"Modified\"} 1.0")
                .contains("plumbline_api_calls_total{channel=\"reconcile\"").contains("plumbline_git_fetch_duration_seconds")
                .contains("plumbline_diff_duration_seconds").contains("plumbline_check_last_success");

        HttpResponse<String> openapi = agent.get("/openapi/plumbline-v1.yml");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/environments/{env}/drift");
    }

    @Test
    void mutatingEndpointsNeedTheBearerTokenAndErrorsAreProblemDetails() throws Exception {
        HttpResponse<String> anonymous = agent.post("/api/v1/environments/" + env + "/refresh", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(anonymous.body()).contains("missing Authorization: Bearer <token>").doesNotContain("s3cret");

        HttpResponse<String> wrong = agent.post("/api/v1/environments/" + env + "/refresh", "guess");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid bearer token").doesNotContain("s3cret");

        HttpResponse<String> ok = agent.post("/api/v1/environments/" + env + "/refresh", "s3cret-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"environment\" : \"" + env + "\"", "\"Missing\" : 3");

        HttpResponse<String> unknown = agent.get("/api/v1/environments/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"status\" : 404", "environment nope is not reconciled by this agent");
    }
}
