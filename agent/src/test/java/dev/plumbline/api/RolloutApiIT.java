package dev.plumbline.api;

import dev.plumbline.cli.CliDiffIT;
import dev.plumbline.reconcile.ReconcilerHarness;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: a canary promoted and aborted over real HTTP ({@code plumbline serve} in-process on 127.0.0.1, the real
 * API server, a real Git repository), and the {@code plumbline rollout} verb against it. The steps' interval is long,
 * so only a request ends a rollout here.
 */
@ExtendWith(KubernetesExtension.class)
class RolloutApiIT {

    @RegisterExtension
    final ServedAgent agent = new ServedAgent();

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private URI base;
    private Path token;

    @BeforeEach
    void start() {
        cluster = agent.cluster;
        env = agent.env;
        repo = agent.repo;
        token = agent.token;
        commit("web:1", "A");
        agent.start();
        base = agent.base;
        await().atMost(Duration.ofSeconds(30)).until(() -> image("web"), "web:1"::equals);
    }

    private String commit(String image, String message) {
        String dir = "environments/" + env + "/";
        return repo.write(dir + "plumbline.yaml", "namespace: " + env + "\nrollouts:\n  web:\n    strategy: canary\n"
                        + "    service: web\n    steps: [50, 100]\n    interval: 10m\n")
                .write(dir + "app.yaml", ReconcilerHarness.yaml("canary-app-desired").formatted(2, "{}", image))
                .commit(message);
    }

    private String image(String name) {
        Deployment d = cluster.client().apps().deployments().inNamespace(env).withName(name).get();
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private String rollouts() throws Exception {
        return agent.get("/api/v1/environments/" + env + "/rollouts").body();
    }

    private void awaitCanary(String image) {
        await().atMost(Duration.ofSeconds(30)).until(() -> image("web-canary"), image::equals);
    }

    @Nested
    class PromoteAndAbort {

        @Test
        void needTheTokenEndTheRolloutAtOnceAndAreProblemsWhenNothingRuns() throws Exception {
            // step 1: B starts a canary; the API shows it in charge
            String b = commit("web:2", "B");
            awaitCanary("web:2");
            assertThat(rollouts()).contains("\"name\" : \"web\"", "\"strategy\" : \"canary\"", "\"step\" : 1",
                    "\"weight\" : 50", "\"canaryRevision\" : \"" + b + "\"");
            CliDiffIT.Run status = CliDiffIT.run("rollout", "status", "--env", env, "--server", base.toString(),
                    "--token-file", token.toString());
            assertThat(status.code()).isZero();
            assertThat(status.out()).startsWith("web  canary  ").contains("step 1 (50%)", "canary " + b.substring(0, 7));

            String metrics = agent.get("/prometheus").body();
            assertThat(metrics).contains("plumbline_rollout_phase{environment=\"" + env + "\",phase=\"Progressing\",rollout=\"web\"} 1.0")
                    .contains("plumbline_rollout_weight{environment=\"" + env + "\",rollout=\"web\"} 50.0")
                    .contains("plumbline_rollout_analysis_threshold{check=\"podHealth\",environment=\"" + env + "\",rollout=\"web\"} 0.0");

            // step 2: promote needs the token; with it, B is synced plainly and the canary is gone
            String promote = "/api/v1/environments/" + env + "/rollouts/web/promote";
            assertThat(agent.post(promote, null).statusCode()).isEqualTo(401);
            HttpResponse<String> promoted = agent.post(promote, "s3cret-token");
            assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
            assertThat(promoted.body()).contains("\"phase\" : \"Promoted\"", "by request at step 1 of 2 (50%)");
            assertThat(image("web-canary")).isNull();
            assertThat(image("web")).isEqualTo("web:2");

            // step 3: C starts another; abort (through the CLI) sends it back to B and marks C failed
            String c = commit("web:3", "C");
            awaitCanary("web:3");
            CliDiffIT.Run aborted = CliDiffIT.run("rollout", "abort", "web", "--env", env, "--server", base.toString(),
                    "--token-file", token.toString());
            assertThat(aborted.code()).as(aborted.err()).isZero();
            assertThat(aborted.out()).contains("RolledBack", "aborted by request at step 1 of 2 (50%)");
            assertThat(image("web-canary")).isNull();
            assertThat(image("web")).isEqualTo("web:2");
            assertThat(agent.get("/api/v1/environments/" + env + "/history").body()).contains("rolled back from " + c.substring(0, 7));

            // step 4: nothing in charge any more: 409; no such rollout: 404, as problem details
            HttpResponse<String> again = agent.post("/api/v1/environments/" + env + "/rollouts/web/abort", "s3cret-token");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(again.body()).contains("it is RolledBack, not in charge");
            assertThat(agent.post("/api/v1/environments/" + env + "/rollouts/api/promote", "s3cret-token").statusCode()).isEqualTo(404);
            assertThat(image("web-canary")).as("C is not retried").isNull();
        }
    }
}
