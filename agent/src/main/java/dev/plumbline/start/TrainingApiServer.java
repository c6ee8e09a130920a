package dev.plumbline.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for a kube-apiserver on 127.0.0.1, for the training run only ({@link Training}): it answers discovery
 * from documents recorded from kube-apiserver 1.37.2 ({@code /start/*.json}), LISTs and GETs from what it holds,
 * and a server-side apply (dry-run or not) by echoing the object with the metadata a server adds. Nothing here is a
 * test double for correctness — the training run's results are thrown away; it only has to make {@code diff} walk
 * the code (and load the classes) it walks against a real cluster, without a network or an API server.
 */
final class TrainingApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", "api.json", "/apis", "apis.json", "/api/v1", "api-v1.json", "/apis/apps/v1", "apis-apps-v1.json");

    /** Stored objects by their object path ({@code /api/v1/namespaces/a/configmaps/b}). */
    private final Map<String, ObjectNode> objects = new TreeMap<>();
    private final AtomicLong resourceVersion = new AtomicLong(1000);
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "plumbline-training-api");
        t.setDaemon(true);
        return t;
    });

    /** Serves HTTPS with {@code tls} (as a cluster does: the TLS classes are half of what a diff loads), else HTTP. */
    TrainingApiServer(SSLContext tls) {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            if (tls == null) {
                server = HttpServer.create(loopback, 64);
            } else {
                HttpsServer https = HttpsServer.create(loopback, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("training API server start failed: " + e.getMessage(), e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Holds {@code object} as if it had been applied: {@code path} is its collection path. */
    synchronized void seed(String collection, ObjectNode object) {
        objects.put(collection + "/" + object.path("metadata").path("name").asText(), withServerFields(object));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            String method = exchange.getRequestMethod();
            byte[] body;
            int status = 200;
            if (DISCOVERY.containsKey(path)) {
                body = resource(DISCOVERY.get(path));
            } else if (path.equals("/version")) {
                body = bytes(JSON.createObjectNode().put("major", "1").put("minor", "37").put("gitVersion", "v1.37.2"));
            } else if (path.startsWith("/apis/") && path.split("/").length == 4) {
                body = bytes(JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                        .put("groupVersion", path.substring(6)).set("resources", JSON.createArrayNode()));
            } else if (method.equals("GET") && objectAt(path) != null) {
                body = bytes(objectAt(path));
            } else if (method.equals("GET") && isCollection(path) && !query.contains("watch=true")) {
                body = bytes(list(path));
            } else if (method.equals("PATCH") || method.equals("PUT") || method.equals("POST")) {
                ObjectNode object = withServerFields((ObjectNode) JSON.readTree(exchange.getRequestBody()));
                ObjectNode live = objectAt(path);
                if (query.contains("dryRun") && live != null) { // a dry run changes nothing, the resourceVersion included
                    object.with("metadata").set("resourceVersion", live.path("metadata").path("resourceVersion"));
                }
                if (!query.contains("dryRun")) {
                    store(method.equals("POST") ? path + "/" + object.path("metadata").path("name").asText() : path, object);
                }
                status = method.equals("POST") ? 201 : 200;
                body = bytes(object);
            } else {
                status = 404;
                body = bytes(JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                        .put("reason", "NotFound").put("code", 404));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** {@code /api/v1/<rest>} or {@code /apis/<group>/<version>/<rest>}: an odd number of segments in rest is a collection. */
    static boolean isCollection(String path) {
        String[] segments = path.substring(1).split("/");
        int rest = segments.length - (segments[0].equals("api") ? 2 : 3);
        return rest > 0 && rest % 2 == 1;
    }

    private synchronized ObjectNode objectAt(String path) {
        return objects.get(path);
    }

    private synchronized void store(String path, ObjectNode object) {
        objects.put(path, object);
    }

    /** Every object under a collection path, across namespaces for a cluster-wide path. */
    private synchronized ObjectNode list(String collection) {
        String resource = collection.substring(collection.lastIndexOf('/') + 1);
        String prefix = collection.contains("/namespaces/") ? collection + "/" : null;
        ArrayNode items = JSON.createArrayNode();
        objects.forEach((path, object) -> {
            String parent = path.substring(0, path.lastIndexOf('/'));
            boolean match = prefix != null ? path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0
                    : parent.endsWith("/" + resource) && parent.startsWith(collection.substring(0, collection.length() - resource.length()));
            if (match) {
                items.add(object);
            }
        });
        ObjectNode list = JSON.createObjectNode().put("kind", "List").put("apiVersion", "v1");
        list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion.get()));
        list.set("items", items);
        return list;
    }

    private ObjectNode withServerFields(ObjectNode object) {
        ObjectNode metadata = object.with("metadata");
        String name = metadata.path("name").asText("unnamed");
        metadata.put("uid", java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        metadata.put("resourceVersion", String.valueOf(resourceVersion.incrementAndGet()));
        metadata.put("creationTimestamp", "2026-01-01T00:00:00Z");
        metadata.put("generation", 1);
        ArrayNode managed = metadata.putArray("managedFields");
        ObjectNode entry = managed.addObject().put("manager", "plumbline").put("operation", "Apply")
                .put("apiVersion", object.path("apiVersion").asText()).put("time", "2026-01-01T00:00:00Z")
                .put("fieldsType", "FieldsV1");
        entry.putObject("fieldsV1").putObject("f:metadata").putObject("f:labels");
        return object;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TrainingApiServer.class.getResourceAsStream("/start/" + name)) {
            if (in == null) {
                throw new IOException("/start/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(JsonNode node) throws IOException {
        return JSON.writeValueAsBytes(node);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
