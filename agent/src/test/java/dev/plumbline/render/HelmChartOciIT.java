package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.plumbline.render.HelmFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code helmCharts} with {@code repo: oci://…}: a real OCI registry on 127.0.0.1 (CNCF Distribution's
 * {@code registry}, built from Go modules by {@code scripts/provision-registry.sh} and cached under
 * {@code ~/.cache/plumbline/registry/}), the fixture chart pushed to it by Helm ({@code helm push}, helm-java).
 */
class HelmChartOciIT {

    @TempDir
    static Path work;

    private static Process registry;
    private static int port;

    @BeforeAll
    static void startRegistryAndPushTheChart() throws Exception {
        Path binary = provision();
        port = freePort();
        Path config = Files.writeString(work.resolve("config.yml"), """
                version: 0.1
                log: {level: warn}
                storage:
                  filesystem: {rootdirectory: %s}
                http:
                  addr: 127.0.0.1:%d
                """.formatted(work.resolve("storage"), port));
        registry = new ProcessBuilder(binary.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("registry.log").toFile()).start();
        awaitReady();
        Path packaged = Files.createDirectories(work.resolve("packaged"));
        new Helm(HelmFixtures.CHART).packageIt().withDestination(packaged).call();
        Helm.push().withChart(packaged.resolve("greeter-1.2.0.tgz"))
                .withRemote(URI.create("oci://127.0.0.1:" + port + "/charts")).plainHttp().call();
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.destroy();
            registry.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The registry binary: scripts/provision-registry.sh builds it once, then answers from its cache. */
    private static Path provision() throws Exception {
        Path script = Stream.of(Path.of("scripts"), Path.of("../scripts")).map(d -> d.resolve("provision-registry.sh"))
                .filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                        "scripts/provision-registry.sh not found from " + Path.of("").toAbsolutePath()));
        Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !out.contains("PLUMBLINE_REGISTRY=")) {
            throw new IllegalStateException("provision-registry.sh failed (exit " + p.exitValue() + "): " + out);
        }
        return Path.of(out.substring(out.lastIndexOf("PLUMBLINE_REGISTRY=") + "PLUMBLINE_REGISTRY=".length()).strip());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            assertThat(registry.isAlive()).as("registry exited, see %s", work.resolve("registry.log")).isTrue();
            Thread.sleep(100);
        }
        throw new IllegalStateException("registry on 127.0.0.1:" + port + " not ready in 30 s");
    }

    private Path repoPulling(Path dir, String repoUrl, String version) throws IOException {
        HelmFixtures.copyRepo(dir);
        try (Stream<Path> walk = Files.walk(dir.resolve("manifests/greeter/charts"))) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(dir.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  repo: %s
                  version: %s
                  releaseName: web
                  namespace: greet
                  valuesInline:
                    greeting: from-oci
                """.formatted(repoUrl, version));
        return dir;
    }

    @Test
    void aChartPushedToAnOciRegistryIsPulledDigestCheckedCachedAndRendered(@TempDir Path repo, @TempDir Path cache)
            throws IOException {
        repoPulling(repo, "oci://127.0.0.1:" + port + "/charts", "1.2.0");

        DesiredState state = new Renderer().render(new DirectoryTree(repo), "local",
                RenderOptions.defaults().withChartCache(cache).asPreview());

        assertThat(state.objects()).extracting(o -> o.key().toString()).containsExactly(
                "ConfigMap/greet-local/web-greeter", "Service/greet-local/web-greeter",
                "Deployment/greet-local/web-greeter");
        assertThat(get(state.objects().get(0).body(), "data", "greeting")).isEqualTo("from-oci");
        assertThat(state.objects().get(2).source()).startsWith("oci://127.0.0.1:" + port
                + "/charts/greeter-1.2.0.tgz/templates/");
        List<Path> cached;
        try (Stream<Path> files = Files.walk(cache)) {
            cached = files.filter(Files::isRegularFile).toList();
        }
        assertThat(cached).singleElement().satisfies(p -> assertThat(p.getFileName().toString())
                .isEqualTo("greeter-1.2.0.tgz"));

        stopRegistryForAMoment(() -> assertThat(new Renderer().render(new DirectoryTree(repo), "local",
                RenderOptions.defaults().withChartCache(cache).asPreview()).objects()).isEqualTo(state.objects()));
    }

    @Test
    void aVersionTheRegistryDoesNotHoldIsAnErrorAtTheEntry(@TempDir Path repo, @TempDir Path cache) throws IOException {
        repoPulling(repo, "oci://127.0.0.1:" + port + "/charts", "9.9.9");

        assertThatThrownBy(() -> new Renderer().render(new DirectoryTree(repo), "local",
                RenderOptions.defaults().withChartCache(cache).asPreview()))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/kustomization.yaml:2: chart greeter 9.9.9 pull failed: GET http://"
                        + "127.0.0.1:" + port + "/v2/charts/greeter/manifests/9.9.9 answered HTTP 404: no such chart or "
                        + "version in the registry");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void aRegistryAskingForATokenGetsOneWithTheConfiguredCredential(@TempDir Path repo, @TempDir Path cache)
            throws IOException {
        List<String> tokenRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer proxy = tokenGuardedProxy(tokenRequests);
        try {
            String url = "oci://127.0.0.1:" + proxy.getAddress().getPort() + "/charts";
            repoPulling(repo, url, "1.2.0");
            Files.writeString(work.resolve("user"), "robot\n");
            Files.writeString(work.resolve("password"), "s3cret\n");
            Path credentials = Files.writeString(work.resolve("chart-credentials.yaml"), """
                    repositories:
                    - url: %s
                      username-file: %s
                      password-file: %s
                    """.formatted(url, work.resolve("user"), work.resolve("password")));

            assertThatThrownBy(() -> new Renderer().render(new DirectoryTree(repo), "local",
                    RenderOptions.defaults().withChartCache(cache).asPreview()))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("chart greeter 1.2.0 pull failed: token request to http://127.0.0.1:"
                            + proxy.getAddress().getPort() + "/token answered HTTP 401 (no chart credential covers "
                            + "this repository)");

            DesiredState state = new Renderer().render(new DirectoryTree(repo), "local", RenderOptions.defaults()
                    .withChartCache(cache).withChartCredentials(credentials).asPreview());

            assertThat(state.objects()).hasSize(3);
            assertThat(tokenRequests).containsExactly("null", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8)));
        } finally {
            proxy.stop(0);
        }
    }

    /**
     * The registry behind Docker token authentication: {@code /v2/} answers 401 with a Bearer challenge unless the
     * request carries the token, which {@code /token} gives for basic {@code robot:s3cret}; authorized requests go to
     * the real registry.
     */
    private static com.sun.net.httpserver.HttpServer tokenGuardedProxy(List<String> tokenRequests) throws IOException {
        com.sun.net.httpserver.HttpServer proxy = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        HttpClient upstream = HttpClient.newHttpClient();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("robot:s3cret".getBytes(StandardCharsets.UTF_8));
        proxy.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            byte[] body = new byte[0];
            if (path.equals("/token")) {
                tokenRequests.add(String.valueOf(auth));
                status = basic.equals(auth) ? 200 : 401;
                body = status == 200 ? "{\"token\":\"t-1\"}".getBytes(StandardCharsets.UTF_8) : body;
            } else if (!"Bearer t-1".equals(auth)) {
                status = 401;
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://127.0.0.1:"
                        + exchange.getLocalAddress().getPort() + "/token\",service=\"registry\",scope=\"repository:"
                        + "charts/greeter:pull\"");
            } else {
                try {
                    HttpResponse<byte[]> r = upstream.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + exchange.getRequestURI())).header("Accept", exchange.getRequestHeaders().getFirst("Accept"))
                            .build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = r.statusCode();
                    body = r.body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    status = 502;
                }
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        proxy.start();
        return proxy;
    }

    /** The second render must come from the cache: with the registry unreachable it still succeeds. */
    private static void stopRegistryForAMoment(Runnable check) {
        registry.destroy();
        try {
            registry.waitFor(10, TimeUnit.SECONDS);
            check.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Path binary = provision();
                registry = new ProcessBuilder(binary.toString(), "serve", work.resolve("config.yml").toString())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                                work.resolve("registry.log").toFile())).start();
                awaitReady();
            } catch (Exception e) {
                throw new IllegalStateException("registry restart failed", e);
            }
        }
    }
}
