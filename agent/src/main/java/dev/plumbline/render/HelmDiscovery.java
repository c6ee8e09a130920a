package dev.plumbline.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The API server Helm's SDK talks to when Plumbline renders a chart through {@code helm install} (see
 * {@link HelmInstall}): a JDK HTTP server on 127.0.0.1 (ephemeral port) that lives for one render and answers only
 * what Plumbline chose. Helm never reaches the real cluster, so it never holds the agent's credentials.
 *
 * <p>It answers {@code /version} (the chosen {@code .Capabilities.KubeVersion}) and the legacy discovery index
 * ({@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}). The first discovery round is the
 * one Helm turns into {@code .Capabilities.APIVersions} (its {@code getCapabilities} runs before anything else reads
 * discovery), so it lists exactly the chosen version set. Later rounds are Helm's REST mapping of what the chart
 * rendered; they add every kind in {@code mappingKinds}, which the chart's templates never see. Object reads answer
 * 404 (nothing exists, as for {@code helm template}: a chart's {@code lookup} finds nothing); the release Secret Helm stores before it would create anything
 * is kept ({@link #release()}) and refused, which ends the install there.
 */
final class HelmDiscovery implements AutoCloseable {

    /** What {@code /version} answers: Helm makes {@code .Capabilities.KubeVersion} of these three fields. */
    record KubeVersion(String gitVersion, String major, String minor) {
    }

    private static final String NOT_FOUND = status(404, "NotFound", "not found");
    private static final String REFUSED = status(500, "InternalError",
            "Plumbline's render server accepts no writes: the render is complete");

    private final HttpServer server;
    private final KubeVersion version;
    /** groupVersion ("v1", "apps/v1") -> kinds, in the capabilities round and in the mapping rounds. */
    private final Map<String, Set<String>> capabilities;
    private final Map<String, Set<String>> mapping;
    private final AtomicInteger rounds = new AtomicInteger();
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private volatile byte[] release;
    private volatile String releaseType;

    /**
     * @param apiVersions  {@code .Capabilities.APIVersions}: {@code group/version} (or {@code v1}) and
     *                     {@code group/version/Kind} entries; a kind's group version is listed with it, as discovery does
     * @param mappingKinds {@code group/version/Kind} of every object the chart may render, for Helm's REST mapping only
     */
    HelmDiscovery(KubeVersion version, Collection<String> apiVersions, Collection<String> mappingKinds) throws IOException {
        this.version = version;
        this.capabilities = index(apiVersions);
        List<String> all = new ArrayList<>(apiVersions);
        all.addAll(mappingKinds);
        this.mapping = index(all);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A kubeconfig naming this server, with no credentials (there are none to give). */
    String kubeConfig(String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: plumbline-render
                  cluster:
                    server: http://127.0.0.1:%d
                contexts:
                - name: plumbline-render
                  context:
                    cluster: plumbline-render
                    user: plumbline-render
                    namespace: %s
                users:
                - name: plumbline-render
                  user: {}
                current-context: plumbline-render
                """.formatted(server.getAddress().getPort(), namespace);
    }

    /** The body of the release Secret Helm tried to store, or null; its content type in {@link #releaseType()}. */
    byte[] release() {
        return release;
    }

    String releaseType() {
        return releaseType;
    }

    /** {@code METHOD path} of every write Helm attempted (all refused): what it would have done to a cluster. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    /** Stops the server and removes the discovery cache client-go wrote for its address (~/.kube/cache). */
    @Override
    public void close() {
        int port = server.getAddress().getPort();
        server.stop(0);
        String home = System.getenv("HOME");
        if (home != null) {
            delete(Path.of(home, ".kube", "cache", "discovery", "127.0.0.1_" + port));
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!method.equals("GET")) {
                writes.add(method + " " + path);
            }
            if (method.equals("POST") && path.matches("/api/v1/namespaces/[^/]+/secrets")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (release == null) {
                    releaseType = ex.getRequestHeaders().getFirst("Content-Type");
                    release = body;
                }
                answer(ex, 500, REFUSED);
            } else if (!method.equals("GET")) {
                answer(ex, 500, REFUSED);
            } else {
                // client-go's discovery client sends every request with ?timeout=32s; Helm's `lookup` of a kind that
                // discovery does not list asks its dynamic client for /api or /api/<name> without one: an object read
                String query = ex.getRequestURI().getRawQuery();
                String body = path.equals("/version") || query != null && query.contains("timeout=") ? discovery(path)
                        : null;
                answer(ex, body == null ? 404 : 200, body == null ? NOT_FOUND : body);
            }
        }
    }

    /** The discovery document at {@code path}, or null. */
    private String discovery(String path) {
        if (path.equals("/version")) {
            return "{\"major\":" + q(version.major()) + ",\"minor\":" + q(version.minor()) + ",\"gitVersion\":"
                    + q(version.gitVersion()) + "}";
        }
        if (path.equals("/api")) {
            rounds.incrementAndGet();
        }
        Map<String, Set<String>> index = rounds.get() <= 1 ? capabilities : mapping;
        if (path.equals("/api")) {
            return "{\"kind\":\"APIVersions\",\"versions\":[" + (index.containsKey("v1") ? "\"v1\"" : "") + "]}";
        }
        if (path.equals("/apis")) {
            return groups(index);
        }
        String groupVersion = path.startsWith("/api/") ? path.substring(5)
                : path.startsWith("/apis/") ? path.substring(6) : null;
        if (groupVersion == null || groupVersion.contains("/") != path.startsWith("/apis/")
                || groupVersion.split("/").length != (path.startsWith("/apis/") ? 2 : 1)) {
            return null; // an object or a collection: nothing exists
        }
        // A group version outside the set lists no resources rather than 404: Helm's `lookup` asks it directly and
        // must find nothing, as under `helm template`; the capabilities come from /apis, which does not name it.
        Set<String> kinds = index.getOrDefault(groupVersion, Set.of());
        List<String> resources = new ArrayList<>();
        for (String kind : kinds) {
            String plural = kind.toLowerCase() + "s"; // only in URLs Helm reads (all 404): never in a render
            resources.add("{\"name\":" + q(plural) + ",\"singularName\":" + q(kind.toLowerCase()) + ",\"namespaced\":"
                    + "true,\"kind\":" + q(kind) + ",\"verbs\":[\"get\",\"list\",\"create\"]}");
        }
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":" + q(groupVersion)
                + ",\"resources\":[" + String.join(",", resources) + "]}";
    }

    private static String groups(Map<String, Set<String>> index) {
        Map<String, List<String>> byGroup = new LinkedHashMap<>();
        for (String gv : index.keySet()) {
            int slash = gv.indexOf('/');
            if (slash > 0) {
                byGroup.computeIfAbsent(gv.substring(0, slash), g -> new ArrayList<>()).add(gv);
            }
        }
        List<String> out = new ArrayList<>();
        byGroup.forEach((group, gvs) -> {
            List<String> versions = gvs.stream().map(gv -> "{\"groupVersion\":" + q(gv) + ",\"version\":"
                    + q(gv.substring(gv.indexOf('/') + 1)) + "}").toList();
            out.add("{\"name\":" + q(group) + ",\"versions\":[" + String.join(",", versions) + "],"
                    + "\"preferredVersion\":" + versions.get(0) + "}");
        });
        return "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[" + String.join(",", out) + "]}";
    }

    /** {@code v1}, {@code g/v}, {@code v1/Kind}, {@code g/v/Kind} as group version -> kinds. */
    static Map<String, Set<String>> index(Collection<String> entries) {
        Map<String, Set<String>> index = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.split("/");
            boolean core = parts.length == 1 || parts.length == 2 && Character.isUpperCase(parts[1].charAt(0));
            String gv = core ? parts[0] : parts[0] + "/" + parts[1];
            Set<String> kinds = index.computeIfAbsent(gv, k -> new LinkedHashSet<>());
            if (parts.length == (core ? 2 : 3)) {
                kinds.add(parts[parts.length - 1]);
            }
        }
        return index;
    }

    private static void answer(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Cache-Control", "no-store"); // keeps client-go's HTTP cache out of ~/.kube
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + q(message) + ",\"reason\":" + q(reason) + ",\"code\":" + code + "}";
    }

    /** A JSON string; discovery names are DNS labels and versions, so only quotes and backslashes need escaping. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a cache folder: client-go re-validates it, and the next render uses another port
        }
    }
}
