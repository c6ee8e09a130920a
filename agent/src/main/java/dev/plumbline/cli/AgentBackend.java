package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The verbs through a running agent's HTTP API ({@code docs/api.md}). The bearer token from {@code --token-file} goes
 * with every request (reads need it when the agent protects them); it is read once, never printed. An error answer is
 * an RFC 9457 problem: its status, title and detail (and a render's {@code file:line} problems) become the message.
 */
final class AgentBackend implements VerbBackend {

    private static final ObjectMapper JSON = DiffCommand.json();
    /** Reads answer at once; a sync waits for its waves, bounded by the environment's waitTimeout, so it has none. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final String server;
    private final Path tokenFile;
    private final PrintWriter progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;

    AgentBackend(URI server, Path tokenFile, PrintWriter progress) {
        String s = server.toString();
        this.server = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.tokenFile = tokenFile;
        this.progress = progress;
    }

    @Override
    public JsonNode sync(String environment, String revision, boolean pin) {
        ObjectNode body = JSON.createObjectNode().put("revision", revision).put("pin", pin);
        return call("POST", env(environment) + "/sync", body);
    }

    @Override
    public JsonNode unpin(String environment) {
        return call("DELETE", env(environment) + "/pin", null);
    }

    @Override
    public JsonNode history(String environment) {
        return call("GET", env(environment) + "/history", null);
    }

    @Override
    public JsonNode status(String environment) {
        if (environment == null) {
            return call("GET", "/api/v1/environments", null);
        }
        return JSON.createArrayNode().add(call("GET", env(environment), null));
    }

    @Override
    public JsonNode rollouts(String environment) {
        return call("GET", env(environment) + "/rollouts", null);
    }

    @Override
    public JsonNode decideRollout(String environment, String name, boolean promote) {
        return call("POST", env(environment) + "/rollouts/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + (promote ? "/promote" : "/abort"), null);
    }

    private static String env(String environment) {
        return "/api/v1/environments/" + URLEncoder.encode(environment, StandardCharsets.UTF_8);
    }

    private JsonNode call(String method, String path, JsonNode body) {
        String subject = "agent " + server + " " + method + " " + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (!method.equals("POST")) {
            request.timeout(READ_TIMEOUT);
        }
        String bearer = token();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        progress.println("plumbline: " + method + " " + server + path);
        progress.flush();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VerbException(subject + " failed: " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerbException(subject + " failed: interrupted", e);
        }
        if (response.statusCode() >= 400) {
            throw new VerbException(subject + " failed: " + problem(response));
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new VerbException(subject + " failed: the answer is not JSON: " + e.getMessage(), e);
        }
    }

    /** Why the request got no answer; the JDK's connection errors often carry no message. */
    private static String cause(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + READ_TIMEOUT.toSeconds() + "s";
        }
        if (e.getMessage() == null && e instanceof java.net.ConnectException) {
            return "cannot connect (connection refused, or the host is unknown or unreachable)";
        }
        return PlumblineCommand.describe(e);
    }

    /** {@code 401 Unauthorized: invalid bearer token}, from the RFC 9457 problem (or the start of another body). */
    private String problem(HttpResponse<String> response) {
        String text;
        try {
            JsonNode p = JSON.readTree(response.body());
            text = p.path("status").asInt(response.statusCode()) + " " + p.path("title").asText("") + ": " + p.path("detail").asText("");
            for (JsonNode line : p.path("problems")) {
                text += "\n  " + line.asText();
            }
        } catch (IOException | RuntimeException e) {
            String b = response.body() == null ? "" : response.body().strip();
            text = response.statusCode() + (b.isEmpty() ? "" : ": " + (b.length() > 200 ? b.substring(0, 200) + "…" : b));
        }
        return response.statusCode() == 401 && tokenFile == null ? text + " (give the API token with --token-file)" : text;
    }

    /** The token from {@code --token-file}, read on first use; {@code null} without one. */
    private String token() {
        if (tokenFile == null || token != null) {
            return token;
        }
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new VerbException("API token file " + tokenFile + " read failed: no such file", e);
        } catch (IOException e) {
            throw new VerbException("API token file " + tokenFile + " read failed: " + e.getMessage(), e);
        }
        if (token.isEmpty()) {
            throw new VerbException("API token file " + tokenFile + " read failed: the file is empty");
        }
        return token;
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is AutoCloseable only from Java 21; its threads are daemons
    }
}
