package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.marcnuri.helm.Helm;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.plumbline.render.HelmFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code helmCharts} with {@code repo}: a real chart repository on 127.0.0.1 (a JDK HTTP server serving an
 * {@code index.yaml} and the fixture chart packaged by Helm in the test), pulled into the chart cache once.
 */
class HelmChartRepositoryTest {

    @TempDir
    Path work;

    private HttpServer server;
    private byte[] archive;
    private String digest;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startRepository() throws IOException {
        Path packaged = Files.createDirectories(work.resolve("packaged"));
        new Helm(HelmFixtures.CHART).packageIt().withDestination(packaged).call();
        archive = Files.readAllBytes(packaged.resolve("greeter-1.2.0.tgz"));
        digest = ChartRepository.sha256(archive);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stopRepository() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        byte[] body = switch (path) {
            case "/charts/index.yaml" -> ("""
                    apiVersion: v1
                    entries:
                      greeter:
                      - name: greeter
                        version: 1.1.0
                        urls: [greeter-1.1.0.tgz]
                        digest: 0000
                      - name: greeter
                        version: 1.2.0
                        urls: [archives/greeter-1.2.0.tgz]
                        digest: %s
                    """.formatted(digest)).getBytes(StandardCharsets.UTF_8);
            case "/charts/archives/greeter-1.2.0.tgz" -> archive;
            default -> null;
        };
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
        if (body != null) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private Path repoWith(String version) throws IOException {
        Path repo = work.resolve("repo");
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  repo: http://127.0.0.1:%d/charts/
                  version: %s
                  releaseName: web
                  namespace: greet
                  valuesInline:
                    greeting: pulled
                """.formatted(server.getAddress().getPort(), version));
        return repo;
    }

    private DesiredState render(Path repo) {
        return new Renderer().render(new DirectoryTree(repo), "local",
                RenderOptions.defaults().withChartCache(work.resolve("cache")).asPreview());
    }

    @Test
    void aChartFromARepositoryIsPulledOnceThenRenderedFromTheCache() throws IOException {
        Path repo = repoWith("1.2.0");
        deleteCommittedChart(repo);

        DesiredState first = render(repo);

        assertThat(first.objects()).extracting(o -> o.key().toString()).containsExactly(
                "ConfigMap/greet-local/web-greeter", "Service/greet-local/web-greeter",
                "Deployment/greet-local/web-greeter");
        DesiredObject config = first.objects().get(0);
        assertThat(get(config.body(), "data", "greeting")).isEqualTo("pulled");
        assertThat(config.label("team")).isEqualTo("web");
        assertThat(get(first.objects().get(2).body(), "spec", "replicas")).isEqualTo(1L); // the archive's values.yaml
        assertThat(requests).containsExactly("/charts/index.yaml", "/charts/archives/greeter-1.2.0.tgz");

        DesiredState second = render(repo);

        assertThat(requests).as("the second render reads the cache").hasSize(2);
        assertThat(second.objects()).isEqualTo(first.objects());
    }

    @Test
    void aPulledChartsValuesFileAndKustomizationAreReadsSoWebhookPathFilteringSeesAPushToThem() throws IOException {
        Path repo = repoWith("1.2.0");
        deleteCommittedChart(repo);
        Files.writeString(repo.resolve("manifests/greeter/prod-values.yaml"), "greeting: from-file\n");
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"),
                Files.readString(repo.resolve("manifests/greeter/kustomization.yaml"))
                        + "  valuesFile: prod-values.yaml\n  valuesMerge: merge\n");
        dev.plumbline.source.RecordingTree tree = new dev.plumbline.source.RecordingTree(new DirectoryTree(repo));

        DesiredState state = new Renderer().render(tree, "local",
                RenderOptions.defaults().withChartCache(work.resolve("cache")).asPreview());

        assertThat(get(state.objects().get(0).body(), "data", "greeting")).isEqualTo("from-file");
        dev.plumbline.source.RecordingTree.Reads reads = tree.reads();
        assertThat(reads.affectedBy("manifests/greeter/prod-values.yaml")).isTrue();
        assertThat(reads.affectedBy("manifests/greeter/kustomization.yaml")).isTrue(); // a new version or repo
        assertThat(reads.affectedBy("manifests/other/values.yaml")).isFalse();
    }

    @Test
    void anArchiveThatDoesNotMatchTheIndexsDigestFailsTheRenderAndIsNotCached() throws IOException {
        Path repo = repoWith("1.2.0");
        digest = "1".repeat(64);

        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/kustomization.yaml:2: chart greeter 1.2.0 pull failed: "
                        + "digest mismatch for http://127.0.0.1:" + server.getAddress().getPort()
                        + "/charts/archives/greeter-1.2.0.tgz: index.yaml says sha256 " + "1".repeat(64));
        assertThat(work.resolve("cache")).doesNotExist();
    }

    @Test
    void aVersionTheIndexDoesNotListIsAnErrorAtTheEntry() throws IOException {
        Path repo = repoWith("9.9.9");

        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/kustomization.yaml:2: chart greeter 9.9.9 pull failed: "
                        + "chart greeter has no version 9.9.9 in http://127.0.0.1:" + server.getAddress().getPort()
                        + "/charts/index.yaml (it lists: 1.1.0, 1.2.0)");
        assertThat(requests).containsExactly("/charts/index.yaml");
    }

    @Test
    void aTemplateErrorInAPulledChartNamesTheArchiveAndTemplate() throws IOException {
        Path broken = work.resolve("broken");
        HelmFixtures.copyRepo(broken);
        Path chart = broken.resolve("manifests/greeter/charts/greeter");
        Files.writeString(chart.resolve("templates/service.yaml"), "a: b\n{{ fail \"no service\" }}\n");
        new Helm(chart).packageIt().withDestination(work.resolve("broken-packaged")).call();
        archive = Files.readAllBytes(work.resolve("broken-packaged/greeter-1.2.0.tgz"));
        digest = ChartRepository.sha256(archive);
        Path repo = repoWith("1.2.0");

        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .hasMessageContaining("http://127.0.0.1:" + server.getAddress().getPort()
                        + "/charts/greeter-1.2.0.tgz/templates/service.yaml:2: chart greeter template failed: "
                        + "execution error at (greeter/templates/service.yaml:2:3): no service");
    }

    private static void deleteCommittedChart(Path repo) throws IOException {
        try (var walk = Files.walk(repo.resolve("manifests/greeter/charts"))) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
