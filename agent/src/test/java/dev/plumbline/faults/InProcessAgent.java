package dev.plumbline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** {@code plumbline serve} in this JVM (Micronaut), HTTP on 127.0.0.1, with a small JSON client for its API. */
final class InProcessAgent implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContext app;
    private final URI base;
    final HttpClient http = HttpClient.newHttpClient();

    private InProcessAgent(ApplicationContext app) {
        this.app = app;
        this.base = app.getBean(EmbeddedServer.class).start().getURI();
        if (!"127.0.0.1".equals(base.getHost())) {
            throw new IllegalStateException("agent bound " + base);
        }
    }

    /** Starts with {@code properties} on top of 127.0.0.1 and a free port; {@code beans} are registered singletons. */
    static InProcessAgent start(Map<String, Object> properties, Object... beans) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put("micronaut.server.host", "127.0.0.1");
        all.put("micronaut.server.port", -1);
        return new InProcessAgent(ApplicationContext.builder().singletons(beans).properties(all).start());
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path).body());
    }

    /** The environment's drift report. */
    JsonNode drift(String env) throws IOException, InterruptedException {
        return json("/api/v1/environments/" + env + "/drift");
    }

    @Override
    public void close() {
        app.close();
    }
}
