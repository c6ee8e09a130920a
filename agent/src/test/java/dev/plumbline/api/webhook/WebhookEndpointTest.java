package dev.plumbline.api.webhook;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint over real HTTP, without a cluster (the agent has no repository, so a valid push answers 503): raw-body
 * HMAC, size limit before signature, secret rotation, form-encoded payloads, ping.
 */
class WebhookEndpointTest {

    @TempDir
    Path tmp;

    private ApplicationContext app;
    private URI uri;
    private Path secretFile;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        secretFile = Files.writeString(tmp.resolve("secret"), "first-secret\n");
        app = ApplicationContext.run(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1,
                "plumbline.schedule.enabled", "false", "plumbline.webhook.secret-file", secretFile.toString()));
        EmbeddedServer server = app.getBean(EmbeddedServer.class).start();
        uri = server.getURI().resolve("/api/v1/webhooks/git");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> github(String event, byte[] body, String secret) throws Exception {
        return post(body, "application/json", Map.of("X-GitHub-Event", event,
                "X-Hub-Signature-256", "sha256=" + Signing.hmacHex(secret, body)));
    }

    @Test
    void theSignatureCoversTheRawBytesAsSent() throws Exception {
        // Odd spacing and key order: a server that re-serialized the JSON before hashing would fail here.
        byte[] body = "{ \"zen\" :\"Design for failure.\",\n  \"hook_id\": 42 }".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> pong = github("ping", body, "first-secret");
        assertThat(pong.statusCode()).isEqualTo(200);
        assertThat(pong.body()).contains("pong");
    }

    @Test
    void aWrongOrMissingSignatureIs401AndNeverEchoesTheSecretOrPayload() throws Exception {
        byte[] body = "{\"marker\":\"payload-content-xyz\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> wrong = github("push", body, "guessed");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(wrong.body()).contains("X-Hub-Signature-256 does not match the payload")
                .doesNotContain("first-secret", "payload-content-xyz");
        assertThat(post(body, "application/json", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void theSecretIsReadPerRequestAndRequired() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Files.writeString(secretFile, "rotated-secret");
        assertThat(github("ping", body, "first-secret").statusCode()).isEqualTo(401);
        assertThat(github("ping", body, "rotated-secret").statusCode()).isEqualTo(200);
        Files.delete(secretFile);
        HttpResponse<String> none = github("ping", body, "rotated-secret");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("the webhook secret file cannot be read");
    }

    @Test
    void withoutASecretConfiguredEveryWebhookIsRefused() throws Exception {
        app.close();
        app = ApplicationContext.run(Map.of("micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1,
                "plumbline.schedule.enabled", "false"));
        uri = app.getBean(EmbeddedServer.class).start().getURI().resolve("/api/v1/webhooks/git");
        HttpResponse<String> refused = github("ping", "{}".getBytes(StandardCharsets.UTF_8), "anything");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("the webhook secret is not configured (plumbline.webhook.secret-file)");
    }

    @Test
    void moreThanOneMebibyteIs413ProblemBeforeTheSignatureIsLookedAt() throws Exception {
        byte[] big = new byte[WebhookController.MAX_PAYLOAD + 1];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> tooLarge = post(big, "application/json", Map.of("X-Hub-Signature-256", "sha256=00"));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("exceeds the limit of 1048576");
        byte[] huge = new byte[2 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> huger = post(huge, "application/json", Map.of());
        assertThat(huger.statusCode()).isEqualTo(413);
        assertThat(huger.body()).contains("webhook payload of 2097152 bytes exceeds the limit of 1048576");
        byte[] beyond = new byte[3 * 1024 * 1024];
        HttpResponse<String> refused = post(beyond, "application/json", Map.of());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"status\" : 413", "exceeds the maximum allowed content length");
    }

    @Test
    void formEncodedGitHubPayloadsAreVerifiedOverTheFormBody() throws Exception {
        String json = "{\"zen\":\"Practicality beats purity.\"}";
        byte[] form = ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> pong = post(form, "application/x-www-form-urlencoded", Map.of("X-GitHub-Event", "ping",
                "X-Hub-Signature-256", "sha256=" + Signing.hmacHex("first-secret", form)));
        assertThat(pong.statusCode()).as(pong.body()).isEqualTo(200);
    }

    @Test
    void otherEventsAre202IgnoredAndBadJson400AndAPushWithoutRepositoryIs503() throws Exception {
        HttpResponse<String> issues = github("issues", "{}".getBytes(StandardCharsets.UTF_8), "first-secret");
        assertThat(issues.statusCode()).isEqualTo(202);
        assertThat(issues.body()).contains("event issues is not a push");
        HttpResponse<String> bad = github("push", "not json".getBytes(StandardCharsets.UTF_8), "first-secret");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("webhook payload parse failed");
        HttpResponse<String> push = github("push", "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8), "first-secret");
        assertThat(push.statusCode()).isEqualTo(503);
        assertThat(push.body()).contains("no repository configured");
    }
}
