package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.plumbline.render.HelmFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code helmCharts[].apiVersions} offline: {@code .Capabilities.APIVersions} is Helm's built-in set plus the entry's
 * versions, as {@code helm template --api-versions} gives them (what {@code kubectl kustomize --enable-helm} runs).
 * The fixture chart ({@code src/test/resources/render/helm/apiversions}) branches on {@code monitoring.coreos.com/v1},
 * on the built-in {@code policy/v1} and on the kind entry {@code apps/v1/Deployment}. Real Helm, real HTTP on
 * 127.0.0.1 (the render's own discovery server); the cluster side is HelmChartApiVersionsIT.
 */
class HelmApiVersionsTest {

    private static final Path REPO = Fixtures.dir("helm/apiversions");
    private static final Path CHART = REPO.resolve("manifests/caps/charts/caps");

    @TempDir
    Path repo;

    private DesiredState render(Path at) {
        return new Renderer().render(new DirectoryTree(at), "local", RenderOptions.defaults().asPreview());
    }

    @Test
    void helmsDefaultSetIsReadFromTheBundledSdk() {
        HelmInstall.Defaults defaults = HelmInstall.defaults(null);

        assertThat(defaults.kubeVersion()).isEqualTo(new HelmDiscovery.KubeVersion("v1.20.0", "1", "20"));
        assertThat(defaults.apiVersions()).contains("v1", "apps/v1", "policy/v1", "policy/v1beta1")
                .doesNotContain("monitoring.coreos.com/v1").noneMatch(v -> v.split("/").length > 2); // no kinds
        assertThat(HelmInstall.defaults("1.30.0").kubeVersion()).isEqualTo(new HelmDiscovery.KubeVersion("v1.30.0", "1", "30"));
    }

    @Test
    void withoutApiVersionsAnOfflineRenderSeesHelmsDefaultSet() {
        DesiredState state = render(REPO);

        assertThat(state.objects()).extracting(o -> o.apiVersion() + " " + o.key()).containsExactly(
                "v1 ConfigMap/caps-local/web-capabilities", "v1 Service/caps-local/web",
                "policy/v1 PodDisruptionBudget/caps-local/web", "v1 Pod/caps-local/web-test"); // the chart's test hook too
        assertThat(get(state.objects().get(0).body(), "data")).isEqualTo(Map.of("monitoring", "false",
                "policy", "true", "deployment", "false", "kubeVersion", "v1.20.0"));
    }

    @Test
    void apiVersionsAddToHelmsDefaultSetAndTheChartRendersItsServiceMonitor() throws IOException {
        Trees.copy(REPO, repo);
        Files.writeString(repo.resolve("manifests/caps/kustomization.yaml"), """
                helmCharts:
                - name: caps
                  releaseName: web
                  apiVersions:
                  - monitoring.coreos.com/v1
                  - example.com/v1alpha1
                """);
        DesiredState state = render(repo);

        assertThat(state.objects()).extracting(o -> o.apiVersion() + " " + o.key()).containsExactly(
                "v1 ConfigMap/caps-local/web-capabilities", "v1 Service/caps-local/web",
                "policy/v1 PodDisruptionBudget/caps-local/web", "monitoring.coreos.com/v1 ServiceMonitor/caps-local/web",
                "v1 Pod/caps-local/web-test");
        // the kinds Helm needed to map what the chart rendered (Deployment is not among them, ServiceMonitor is)
        // never show in .Capabilities: as in `helm template --api-versions`, only group versions were added
        assertThat(get(state.objects().get(0).body(), "data")).isEqualTo(Map.of("monitoring", "true",
                "policy", "true", "deployment", "false", "kubeVersion", "v1.20.0"));
        assertThat(state.objects().get(3).source()).isEqualTo("manifests/caps/charts/caps/templates/servicemonitor.yaml");
    }

    @Test
    void theInstallRenderIsByteForByteWhatTemplatePrintsForTheSameCapabilities() throws IOException {
        HelmInstall.Defaults defaults = HelmInstall.defaults("1.29.0");
        Path values = Files.writeString(repo.resolve("values.yaml"), "replicaCount: 3\nimage:\n  tag: \"9.9\"\n");
        for (Path chart : List.of(CHART, HelmFixtures.CHART)) {
            Kustomization.HelmChart spec = new Kustomization.HelmChart(chart.getFileName().toString(), "charts", null,
                    null, "web", "team-a", null, null, "override", false, "1.29.0", List.of(), false, false, 1);
            synchronized (HelmTemplate.LOCK) {
                String template = HelmTemplate.template(chart, spec, values, "1.29.0");
                String install = HelmTemplate.install(chart, spec, values, defaults.kubeVersion(),
                        defaults.apiVersions(), template).manifest();
                assertThat(install).as(chart.toString()).isEqualTo(template);
                assertThat(template).contains("# Source: ").doesNotContain("helm.sh/hook"); // as helm-java prints it
            }
        }
    }

    @Test
    void aTemplateListingTheApiVersionsIsRefusedAtItsLineWhenTheSetIsChosen() throws IOException {
        Trees.copy(REPO, repo);
        Path template = repo.resolve("manifests/caps/charts/caps/templates/list.yaml");
        Files.writeString(template, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: list
                data:
                  all: {{ .Capabilities.APIVersions | toJson | quote }}
                """);
        // the chart's test hook takes it through the install path (hooks are only in the stored release): refused
        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/caps/charts/caps/templates/list.yaml:6: chart caps template failed: "
                        + "the template lists .Capabilities.APIVersions")
                .hasMessageContaining("`skipHooks: true` leaves them out");
        Files.writeString(repo.resolve("manifests/caps/kustomization.yaml"), """
                helmCharts:
                - name: caps
                  skipHooks: true
                """);
        assertThat(render(repo).objects()).hasSize(4); // Helm's default list, in its fixed order: rendered

        Files.writeString(repo.resolve("manifests/caps/kustomization.yaml"), """
                helmCharts:
                - name: caps
                  apiVersions: [monitoring.coreos.com/v1]
                """);
        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/caps/charts/caps/templates/list.yaml:6: chart caps template failed: "
                        + "the template lists .Capabilities.APIVersions");
    }

    /**
     * Regression: helm-java's {@code template} sends {@code lookup} to the cluster of the process's ambient kubeconfig
     * (here none: it failed with "dial tcp 127.0.0.1:8080: connection refused"; in the agent's pod, the in-cluster
     * service account, so a Git author could copy any object the agent may read into a manifest). {@code helm
     * template} answers {@code lookup} with nothing; so does the render's own server, which the chart now talks to.
     */
    @Test
    void lookupFindsNothingAsUnderHelmTemplateAndNeverReachesAnAmbientCluster() throws IOException {
        Trees.copy(REPO, repo);
        Files.writeString(repo.resolve("manifests/caps/charts/caps/templates/lookup.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: lookup
                data:
                  secret: {{ if lookup "v1" "Secret" .Release.Namespace "web" }}found{{ else }}nothing{{ end }}
                  all: {{ if (lookup "v1" "Namespace" "" "").items }}found{{ else }}nothing{{ end }}
                  custom: {{ if lookup "monitoring.coreos.com/v1" "ServiceMonitor" "" "" }}found{{ else }}nothing{{ end }}
                """);
        DesiredState state = render(repo);

        DesiredObject lookup = state.objects().stream().filter(o -> o.name().equals("lookup")).findFirst().orElseThrow();
        assertThat(get(lookup.body(), "data")).isEqualTo(Map.of("secret", "nothing", "all", "nothing", "custom", "nothing"));
        assertThat(state.objects()).hasSize(5); // the chart's own objects (and its test hook) rendered as before
    }

    @Test
    void apiVersionsThatAreNotAListOfGroupVersionsAreErrorsAtTheirLines() throws IOException {
        Trees.copy(REPO, repo);
        Files.writeString(repo.resolve("manifests/caps/kustomization.yaml"), """
                helmCharts:
                - name: caps
                  apiVersions: monitoring.coreos.com/v1
                - name: caps
                  apiVersions:
                  - 7
                  - monitoring.coreos.com/v1/ServiceMonitor
                  - Monitoring.coreos.com/v1
                  - monitoring.coreos.com
                """);
        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).errors()).extracting(RenderProblem::toString)
                        .anySatisfy(m -> assertThat(m).contains("kustomization.yaml:3: `apiVersions` in a helmCharts entry must be a list"))
                        .anySatisfy(m -> assertThat(m).contains("kustomization.yaml:6: entries of `apiVersions`"))
                        .anySatisfy(m -> assertThat(m).contains("kustomization.yaml:7: apiVersions entry "
                                + "monitoring.coreos.com/v1/ServiceMonitor must read group/version"))
                        .anySatisfy(m -> assertThat(m).contains("kustomization.yaml:8: apiVersions entry Monitoring.coreos.com/v1"))
                        .anySatisfy(m -> assertThat(m).contains("kustomization.yaml:9: apiVersions entry monitoring.coreos.com ")));
    }

}
