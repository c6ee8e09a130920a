package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chart repositories that demand a credential: a real chart repository on 127.0.0.1 (JDK HTTP server, the fixture
 * chart packaged by Helm) answering 401 unless the request carries {@code Basic user:secret} under {@code /basic}
 * or {@code Bearer tok-123} under {@code /bearer}; the credential comes from the operator's credentials file and
 * secret files, as Git's do.
 */
class HelmChartCredentialsTest {

    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("user:secret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path work;

    private HttpServer server;
    private HttpServer elsewhere;
    private byte[] archive;
    private String archiveUrl = "greeter-1.2.0.tgz";
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startRepositories() throws IOException {
        Path packaged = Files.createDirectories(work.resolve("packaged"));
        new Helm(HelmFixtures.CHART).packageIt().withDestination(packaged).call();
        archive = Files.readAllBytes(packaged.resolve("greeter-1.2.0.tgz"));
        server = start(this::serve);
        elsewhere = start(exchange -> { // another origin: the archive may live there, the credential must not go
            seen.add("elsewhere " + exchange.getRequestURI().getPath() + " auth=" + exchange.getRequestHeaders()
                    .getFirst("Authorization"));
            respond(exchange, 200, archive);
        });
    }

    private static HttpServer start(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", handler);
        s.start();
        return s;
    }

    @AfterEach
    void stopRepositories() {
        server.stop(0);
        elsewhere.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        seen.add(path + " auth=" + auth);
        String expected = path.startsWith("/basic/") ? BASIC : "Bearer tok-123";
        if (!expected.equals(auth)) {
            respond(exchange, 401, null);
        } else if (path.endsWith("/index.yaml")) {
            respond(exchange, 200, ("""
                    apiVersion: v1
                    entries:
                      greeter:
                      - name: greeter
                        version: 1.2.0
                        urls: [%s]
                        digest: %s
                    """.formatted(archiveUrl, ChartRepository.sha256(archive))).getBytes(StandardCharsets.UTF_8));
        } else if (path.endsWith("/greeter-1.2.0.tgz")) {
            respond(exchange, 200, archive);
        } else {
            respond(exchange, 404, null);
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Path repoPulling(String repoPath) throws IOException {
        Path repo = Files.createTempDirectory(work, "repo");
        HelmFixtures.copyRepo(repo);
        try (var walk = Files.walk(repo.resolve("manifests/greeter/charts"))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  repo: %s
                  version: 1.2.0
                  releaseName: web
                """.formatted(url(repoPath)));
        return repo;
    }

    private Path credentials(String yaml) throws IOException {
        Files.writeString(work.resolve("username"), "user\n");
        Files.writeString(work.resolve("password"), "secret\n");
        Files.writeString(work.resolve("token"), "tok-123\n");
        return Files.writeString(work.resolve("chart-credentials.yaml"), yaml.replace("$DIR", work.toString())
                .replace("$URL", url("")));
    }

    private DesiredState render(Path repo, Path credentials) {
        return new Renderer().render(new DirectoryTree(repo), "local", RenderOptions.defaults()
                .withChartCache(work.resolve("cache")).withChartCredentials(credentials).asPreview());
    }

    @Test
    void aRepositoryDemandingBasicAuthenticationGetsTheUsernameAndPasswordFiles() throws IOException {
        Path credentials = credentials("""
                repositories:
                - url: $URL/bearer
                  token-file: $DIR/token
                - url: $URL/basic
                  username-file: $DIR/username
                  password-file: $DIR/password
                """);

        DesiredState state = render(repoPulling("/basic/charts"), credentials);

        assertThat(state.objects()).hasSize(3);
        assertThat(seen).containsExactly("/basic/charts/index.yaml auth=" + BASIC,
                "/basic/charts/greeter-1.2.0.tgz auth=" + BASIC);
    }

    @Test
    void aRepositoryDemandingABearerTokenGetsTheTokenFileOfTheLongestMatchingUrl() throws IOException {
        Path credentials = credentials("""
                repositories:
                - url: $URL/
                  username-file: $DIR/username
                  password-file: $DIR/password
                - url: $URL/bearer/charts
                  token-file: $DIR/token
                """);

        DesiredState state = render(repoPulling("/bearer/charts"), credentials);

        assertThat(state.objects()).hasSize(3);
        assertThat(seen).containsExactly("/bearer/charts/index.yaml auth=Bearer tok-123",
                "/bearer/charts/greeter-1.2.0.tgz auth=Bearer tok-123");
    }

    @Test
    void aRefusedCredentialFailsTheRenderNamingTheCredentialNeverItsValue() throws IOException {
        Path credentials = credentials("""
                repositories:
                - url: $URL/bearer
                  username-file: $DIR/username
                  password-file: $DIR/password
                """);

        assertThatThrownBy(() -> render(repoPulling("/bearer/charts"), credentials))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/kustomization.yaml:2: chart greeter 1.2.0 pull failed: GET "
                        + url("/bearer/charts/index.yaml") + " answered HTTP 401: authentication refused (chart "
                        + "credential " + credentials + ":2 (username-file " + work.resolve("username")
                        + ", password-file " + work.resolve("password") + "))")
                .message().doesNotContain("secret");
        assertThat(work.resolve("cache")).doesNotExist();
    }

    @Test
    void withoutACredentialTheAuthenticationFailureSaysHowToConfigureOne() throws IOException {
        assertThatThrownBy(() -> render(repoPulling("/basic/charts"), null)).isInstanceOf(RenderException.class)
                .hasMessageContaining("answered HTTP 401: authentication refused (no chart credential covers this "
                        + "repository; chart credentials are configured with -Dplumbline.render.chart-credentials)");

        Path other = credentials("""
                repositories:
                - url: $URL/bearer
                  token-file: $DIR/token
                """);
        assertThatThrownBy(() -> render(repoPulling("/basic/charts"), other)).isInstanceOf(RenderException.class)
                .hasMessageContaining("authentication refused (no chart credential covers this repository in "
                        + other + ")");
    }

    @Test
    void theCredentialIsNotSentToAnArchiveOnAnotherOrigin() throws IOException {
        archiveUrl = "http://localhost:" + elsewhere.getAddress().getPort() + "/greeter-1.2.0.tgz";
        Path credentials = credentials("""
                repositories:
                - url: $URL/basic
                  username-file: $DIR/username
                  password-file: $DIR/password
                """);

        render(repoPulling("/basic/charts"), credentials);

        assertThat(seen).containsExactly("/basic/charts/index.yaml auth=" + BASIC,
                "elsewhere /greeter-1.2.0.tgz auth=null");
    }

    @Test
    void aSecretWrittenInTheCredentialsFileIsRefusedAtItsLine() throws IOException {
        Path credentials = credentials("""
                repositories:
                - url: $URL/basic
                  username-file: $DIR/username
                  password: secret
                """);

        assertThatThrownBy(() -> render(repoPulling("/basic/charts"), credentials)).isInstanceOf(RenderException.class)
                .hasMessageContaining("chart greeter 1.2.0 pull failed: chart credentials file " + credentials
                        + ":4: a secret is never written in this file: use password-file");
        assertThat(seen).isEmpty();
    }

    @Test
    void theSystemPropertyWinsOverTheChartsEnvironmentVariableAndBlankMeansNone() {
        assertThat(RenderOptions.chartCredentials("/etc/a.yaml", "/etc/plumbline/charts/credentials.yaml"))
                .isEqualTo(Path.of("/etc/a.yaml"));
        assertThat(RenderOptions.chartCredentials(null, " /etc/plumbline/charts/credentials.yaml "))
                .isEqualTo(Path.of("/etc/plumbline/charts/credentials.yaml"));
        assertThat(RenderOptions.chartCredentials(" ", "/etc/plumbline/charts/credentials.yaml"))
                .isEqualTo(Path.of("/etc/plumbline/charts/credentials.yaml"));
        assertThat(RenderOptions.chartCredentials("", null)).isNull();
    }
}
