package dev.plumbline.api;

import dev.plumbline.reconcile.ConvergenceITAccess;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running agent reverts a manual edit within seconds (watch event → short debounce → cycle), without waiting
 * for the poll interval (an hour here); with {@code selfHeal: false} the drift stays and is reported.
 */
@ExtendWith(KubernetesExtension.class)
class SelfHealIT {

    @TempDir
    Path tmp;

    private ApplicationContext app;
    private GitRepoFixture repo;

    private URI start(TestCluster cluster, boolean selfHeal) {
        String env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  selfHeal: " + selfHeal + "\n")
                .write("environments/" + env + "/app.yaml", ConvergenceITAccess.app("nginx:1.25")).commit("first");
        app = ApplicationContext.run(Map.of(
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1,
                "plumbline.repo.url", repo.dir().toString(), "plumbline.repo.poll-interval", "1h",
                "plumbline.repo.cache-dir", tmp.resolve("cache").toString(),
                "plumbline.environments", List.of(env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace()));
        app.getBean(EmbeddedServer.class).start();
        return app.getBean(EmbeddedServer.class).getURI();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        repo.close();
    }

    private static String image(TestCluster cluster) {
        var d = cluster.client().apps().deployments().inNamespace(cluster.namespace()).withName("web").get();
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String get(URI base, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void aKubectlEditIsRevertedWithinSeconds(TestCluster cluster) throws Exception {
        URI base = start(cluster, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> "nginx:1.25".equals(image(cluster)));
        new Kubectl(cluster.kubeconfigPath()).run(Map.of("KUBE_EDITOR", "sed -i -e s/nginx:1.25/nginx:9.9/"),
                "-n", cluster.namespace(), "edit", "deployment/web");
        long edited = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> "nginx:1.25".equals(image(cluster)));
        assertThat(Duration.ofNanos(System.nanoTime() - edited)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> get(base, "/api/v1/environments/" + cluster.namespace() + "/history"),
                body -> body.contains("\"trigger\" : \"selfHeal\""));
        // issue 12, case 8: the revert is in the history, but it is no deployment
        assertThat(get(base, "/api/v1/environments/" + cluster.namespace() + "/dora"))
                .contains("\"deployments\" : 1,", "\"failedDeployments\" : 0,", "\"syncs\" : 2");
    }

    @Test
    void withoutSelfHealTheDriftStaysAndIsReported(TestCluster cluster) throws Exception {
        URI base = start(cluster, false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "nginx:1.25".equals(image(cluster)));
        new Kubectl(cluster.kubeconfigPath()).run("-n", cluster.namespace(), "set", "image", "deployment/web", "web=nginx:9.9");
        String drift = await().atMost(Duration.ofSeconds(10)).until(() -> get(base, "/api/v1/environments/" + cluster.namespace() + "/drift"),
                body -> body.contains("\"Modified\" : 1"));
        assertThat(drift).contains("\"manager\" : \"kubectl-set\"", "\"decision\" : \"drift reported; selfHeal is off\"");
        Thread.sleep(2000); // a window in which a wrong self-heal would have happened (the debounce is 300 ms)
        assertThat(image(cluster)).isEqualTo("nginx:9.9");
    }
}
