package dev.plumbline.api;

import dev.plumbline.reconcile.ReconcilerHarness;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JUnit extension for the HTTP API tests: {@code plumbline serve} in-process (real HTTP on 127.0.0.1, the real API
 * server) following a Git repository of the test's own ({@link #repo}), the test's namespace as its one environment,
 * the API token {@link #TOKEN} in a token file, and an HTTP client. The test commits first, then {@link #start()}s
 * the agent; everything is closed after it. Built on a {@link ReconcilerHarness} (the repository, the directory,
 * closing), as {@code FaultHarness} is; {@link KubernetesExtension} must be registered on the class.
 */
final class ServedAgent implements BeforeEachCallback, AfterEachCallback {

    static final String TOKEN = "s3cret-token";

    /** Set before each test. */
    TestCluster cluster;
    String env;
    GitRepoFixture repo;
    /** The token file the agent reads ({@link #TOKEN}); the CLI is given it too. */
    Path token;
    /** The agent's address, once started. */
    URI base;

    private final ReconcilerHarness world = new ReconcilerHarness();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        world.beforeEach(context);
        cluster = world.cluster;
        env = world.env;
        repo = world.repo;
        token = Files.writeString(world.tmp.resolve("api-token"), TOKEN + "\n");
    }

    /** Starts the agent: polls {@link #repo} every 500 ms, state in the test's state namespace, the token required. */
    void start() {
        ApplicationContext app = ApplicationContext.run(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "plumbline.repo.url", repo.dir().toString(),
                "plumbline.repo.poll-interval", "500ms",
                "plumbline.repo.cache-dir", world.tmp.resolve("cache").toString(),
                "plumbline.environments", List.of(env),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace(),
                "plumbline.api.token-file", token.toString()));
        world.closeLater(app);
        app.getBean(EmbeddedServer.class).start();
        base = app.getBean(EmbeddedServer.class).getURI();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST without a body, with {@code bearer} as the token ({@code null}: no Authorization header). */
    HttpResponse<String> post(String path, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        world.afterEach(context); // the agent, the repository, the directory
    }
}
