package dev.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code plumbline serve} as its own process, as a user would run it ({@code java -jar plumbline.jar serve}), bound to
 * 127.0.0.1, configured by environment variables; read over its HTTP API and {@code /prometheus}, its heap through
 * {@code jcmd}, its CPU through {@code /proc}. {@link #close()} stops it (SIGTERM, then SIGKILL).
 */
final class AgentProcess implements AutoCloseable {

    static final String SECRET = "bench-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)\\} ([0-9.eE+-]+)$");

    private final Process process;
    private final URI base;
    private final String repoUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final long startedNanos;

    private AgentProcess(Process process, URI base, String repoUrl, long startedNanos) {
        this.process = process;
        this.base = base;
        this.repoUrl = repoUrl;
        this.startedNanos = startedNanos;
    }

    static AgentProcess start(String java, Path jar, Path kubeconfig, Path repo, String env, Duration pollInterval,
                              Path work, Path logs, String label) {
        try {
            Files.createDirectories(work);
            Path secret = Files.writeString(work.resolve("webhook-secret"), SECRET + "\n");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "serve", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--kubeconfig", kubeconfig.toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(logs.resolve(label + ".out").toFile())
                    .redirectError(logs.resolve(label + ".err").toFile());
            Map<String, String> envVars = pb.environment();
            envVars.put("PLUMBLINE_REPO_URL", repo.toString());
            envVars.put("PLUMBLINE_REPO_BRANCH", "main");
            envVars.put("PLUMBLINE_REPO_POLL_INTERVAL", pollInterval.toMillis() + "ms");
            envVars.put("PLUMBLINE_REPO_CACHE_DIR", work.resolve("git-cache").toString());
            envVars.put("PLUMBLINE_ENVIRONMENTS", env);
            envVars.put("PLUMBLINE_STATE_NAMESPACE", "plumbline-system");
            envVars.put("PLUMBLINE_WEBHOOK_SECRET_FILE", secret.toString());
            Files.writeString(logs.resolve(label + ".cmd"), String.join(" ", command) + "\n" + envVars.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("PLUMBLINE_")).map(Object::toString).sorted()
                    .reduce("", (a, b) -> a + b + "\n"));
            long started = System.nanoTime();
            AgentProcess agent = new AgentProcess(pb.start(), URI.create("http://127.0.0.1:" + port), repo.toString(), started);
            agent.awaitHttp(Duration.ofSeconds(60));
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("plumbline serve could not start: " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    private void awaitHttp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("plumbline serve exited with " + process.exitValue() + " before serving");
            }
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/health/liveness")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("plumbline serve did not serve within " + timeout);
    }

    /** {@code GET /api/v1/environments/{env}}: the report without per-object entries. */
    JsonNode summary(String env) {
        return json(get("/api/v1/environments/" + env));
    }

    /** {@code GET /api/v1/environments}: every environment's report without per-object entries. */
    JsonNode environments() {
        return json(get("/api/v1/environments"));
    }

    /** {@code GET /api/v1/environments/{env}/rollouts}: the environment's rollouts (issue 14). */
    JsonNode rollouts(String env) {
        return json(get("/api/v1/environments/" + env + "/rollouts"));
    }

    /** Polls {@link #summary} every {@code everyMillis} until {@code done}; answers when it became true (nanoTime). */
    long awaitSummary(String env, Predicate<JsonNode> done, Duration timeout, long everyMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("plumbline serve exited with " + process.exitValue());
            }
            last = summary(env);
            if (done.test(last)) {
                return System.nanoTime();
            }
            sleep(everyMillis);
        }
        throw new IllegalStateException(env + ": condition not reached within " + timeout + "; last report " + last);
    }

    static boolean synced(JsonNode summary, String sha) {
        return "Synced".equals(summary.path("status").asText()) && !summary.path("stale").asBoolean()
                && (sha == null || sha.equals(summary.path("revision").path("sha").asText()));
    }

    static int count(JsonNode summary, String verdict) {
        return summary.path("counts").path(verdict).asInt();
    }

    /** Signed generic webhook ({@code X-Plumbline-Signature: sha256=<hmac>}); answers the HTTP status. */
    int pushWebhook(String sha, List<String> files) {
        try {
            byte[] body = JSON.writeValueAsBytes(Map.of("repository", repoUrl, "ref", "refs/heads/main", "after", sha,
                    "files", files));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/webhooks/git"))
                    .header("Content-Type", "application/json").header("X-Plumbline-Signature", signature)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202 || answer.body().contains("ignored")) {
                throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.statusCode();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("webhook failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Σ {@code plumbline_api_calls_total{channel="reconcile"}} over verbs. */
    long reconcileCalls() {
        return (long) sum(prometheus(), "plumbline_api_calls_total", Map.of("channel", "reconcile"));
    }

    /** {@code plumbline_api_calls_total{channel="reconcile"}} per verb. */
    Map<String, Long> reconcileCallsByVerb() {
        Map<String, Long> verbs = new java.util.TreeMap<>();
        Pattern verb = Pattern.compile("verb=\"([^\"]*)\"");
        for (String line : prometheus().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches() && m.group(1).equals("plumbline_api_calls_total") && m.group(2).contains("channel=\"reconcile\"")) {
                Matcher v = verb.matcher(m.group(2));
                if (v.find()) {
                    verbs.merge(v.group(1), (long) Double.parseDouble(m.group(3)), Long::sum);
                }
            }
        }
        return verbs;
    }

    /** {@code [count, sum seconds]} of {@code plumbline_diff_duration_seconds} for an environment. */
    double[] diffTimer(String env) {
        String text = prometheus();
        return new double[] {sum(text, "plumbline_diff_duration_seconds_count", Map.of("environment", env)),
                sum(text, "plumbline_diff_duration_seconds_sum", Map.of("environment", env))};
    }

    /** {@code [count, sum seconds]} of {@code plumbline_diff_duration_seconds} over every environment. */
    double[] diffTimerAll() {
        String text = prometheus();
        return new double[] {sum(text, "plumbline_diff_duration_seconds_count", Map.of()),
                sum(text, "plumbline_diff_duration_seconds_sum", Map.of())};
    }

    /** Per environment, {@code [count, sum seconds]} of {@code plumbline_diff_duration_seconds}. */
    Map<String, double[]> diffTimers() {
        Map<String, double[]> timers = new java.util.TreeMap<>();
        Pattern env = Pattern.compile("environment=\"([^\"]*)\"");
        for (String line : prometheus().split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches() && m.group(1).startsWith("plumbline_diff_duration_seconds_")) {
                Matcher e = env.matcher(m.group(2));
                int slot = m.group(1).endsWith("_count") ? 0 : m.group(1).endsWith("_sum") ? 1 : -1;
                if (e.find() && slot >= 0) {
                    timers.computeIfAbsent(e.group(1), k -> new double[2])[slot] += Double.parseDouble(m.group(3));
                }
            }
        }
        return timers;
    }

    String prometheus() {
        return get("/prometheus");
    }

    private static double sum(String text, String metric, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.trim());
            if (m.matches() && m.group(1).equals(metric)
                    && labels.entrySet().stream().allMatch(e -> m.group(2).contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
                total += Double.parseDouble(m.group(3));
            }
        }
        return total;
    }

    double cpuSeconds() {
        return Processes.cpuSeconds(process.pid()).orElse(Double.NaN);
    }

    double rssMiB() {
        return Processes.rssMiB(process.pid()).orElse(Double.NaN);
    }

    /** Used heap right after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), MiB. */
    double heapAfterGcMiB(String jcmd) {
        run(List.of(jcmd, String.valueOf(process.pid()), "GC.run"));
        String info = run(List.of(jcmd, String.valueOf(process.pid()), "GC.heap_info"));
        Matcher m = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("GC.heap_info not understood: " + info);
        }
        return Long.parseLong(m.group(1)) / 1024.0;
    }

    /** {@code jcmd <pid> GC.class_histogram}: live objects per class, largest first (it runs a full GC first). */
    String classHistogram(String jcmd) {
        return run(List.of(jcmd, String.valueOf(process.pid()), "GC.class_histogram"));
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
