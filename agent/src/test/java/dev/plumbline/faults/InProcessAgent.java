package dev.plumbline.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
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

    /** A POST to the webhook endpoint with {@code headers} (the provider's event and signature headers). */
    HttpRequest webhook(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/webhooks/git")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return b.build();
    }

    /** A minimal GitHub push payload: {@code ref}, {@code after}, the repository's clone URL. */
    static byte[] githubPush(String cloneUrl, String sha) throws IOException {
        ObjectNode p = JSON.createObjectNode().put("ref", "refs/heads/main").put("after", sha);
        p.putObject("repository").put("full_name", "acme/deploy").put("clone_url", cloneUrl);
        return JSON.writeValueAsBytes(p);
    }

    /** HMAC-SHA256 of {@code body} in hex, as GitHub's {@code X-Hub-Signature-256} carries it after {@code sha256=}. */
    static String hmacHex(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Override
    public void close() {
        app.close();
    }
}
