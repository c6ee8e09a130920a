package dev.plumbline.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.testing.TestCluster;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One in-process agent ({@code plumbline serve}) on 127.0.0.1 for the schedule and leader-election ITs. */
public final class AgentProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ApplicationContext app;
    private final URI base;

    private AgentProcess(Map<String, Object> properties) {
        this.app = ApplicationContext.run(properties);
        app.getBean(EmbeddedServer.class).start();
        this.base = app.getBean(EmbeddedServer.class).getURI();
    }

    /** The usual properties for one agent on {@code repo} reconciling the test's namespace; {@code extra} wins. */
    public static AgentProcess start(TestCluster cluster, Path repo, Path cacheDir, Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(Map.of(
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1,
                "plumbline.repo.url", repo.toString(), "plumbline.repo.cache-dir", cacheDir.toString(),
                "plumbline.environments", List.of(cluster.namespace()),
                "plumbline.kubeconfig", cluster.kubeconfigPath().toString(),
                "plumbline.state-namespace", cluster.stateNamespace()));
        p.putAll(extra);
        return new AgentProcess(p);
    }

    /** Leader election on, with durations short enough for a test (lease 3 s, renew 2 s, retry 0.5 s). */
    public static Map<String, Object> leaderElection(String identity) {
        return Map.of("plumbline.leader-election.enabled", "true", "plumbline.leader-election.identity", identity,
                "plumbline.leader-election.lease-duration", "3s", "plumbline.leader-election.renew-deadline", "2s",
                "plumbline.leader-election.retry-period", "500ms");
    }

    public ApplicationContext context() {
        return app;
    }

    public HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A mutating call with the bearer token. */
    public HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode get(String path) throws Exception {
        return JSON.readTree(send("GET", path).body());
    }

    public String text(String path) throws Exception {
        return send("GET", path).body();
    }

    public boolean isLeader() throws Exception {
        return get("/api/v1/leader").path("leader").asBoolean();
    }

    @Override
    public void close() {
        if (app.isRunning()) {
            app.close();
        }
    }
}
