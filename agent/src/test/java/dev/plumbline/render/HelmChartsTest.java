package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.source.RecordingTree;

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
 * {@code helmCharts} with charts committed in the repository ({@code src/test/resources/render/helm/repo}), rendered
 * by Helm in the JVM. There is no helm binary on the test machine, so the expected output cannot come from
 * {@code kubectl kustomize --enable-helm}: the tests assert the structure instead (objects, names, values applied,
 * namespace, the kustomization's transformers on top).
 */
class HelmChartsTest {

    @TempDir
    Path cache;

    private final Renderer renderer = new Renderer();

    private DesiredState render(Path repo, String env) {
        return renderer.render(new DirectoryTree(repo), env, RenderOptions.defaults().withChartCache(cache).asPreview());
    }

    @Test
    void committedChartRendersAsResourcesOfItsKustomizationWithTheOverlayOnTop() {
        DesiredState state = render(HelmFixtures.REPO, "local");

        assertThat(state.objects()).extracting(o -> o.key().toString()).containsExactly(
                "CustomResourceDefinition/greetings.example.com",
                "ConfigMap/greet-local/web-greeter",
                "Service/greet-local/web-greeter",
                "Deployment/greet-local/web-greeter");
        DesiredObject config = object(state, "ConfigMap");
        assertThat(get(config.body(), "data", "greeting")).isEqualTo("hello from staging"); // valuesFile
        assertThat(get(config.body(), "data", "kubeVersion")).isEqualTo("v1.29.0"); // kubeVersion
        DesiredObject deployment = object(state, "Deployment");
        assertThat(get(deployment.body(), "spec", "replicas")).isEqualTo(2L); // valuesFile over the chart's values
        assertThat(get(deployment.body(), "spec", "template", "spec", "containers", 0, "image"))
                .isEqualTo("example.com/greeter:2.1"); // valuesInline over the values file (valuesMerge override)
        assertThat(get(deployment.body(), "spec", "selector", "matchLabels")).isEqualTo(Map.of(
                "app.kubernetes.io/name", "greeter", "app.kubernetes.io/instance", "web", "team", "web"));
        for (DesiredObject o : state.objects()) {
            assertThat(o.label("team")).as(o.key().toString()).isEqualTo("web"); // the overlay's commonLabels
        }
        assertThat(config.source()).isEqualTo("manifests/greeter/charts/greeter/templates/configmap.yaml");
    }

    @Test
    void theChartsFilesAndTheValuesFileAreReadsOfTheRenderSoAPushToThemIsSeen() {
        RecordingTree tree = new RecordingTree(new DirectoryTree(HelmFixtures.REPO));
        renderer.render(tree, "local", RenderOptions.defaults().withChartCache(cache).asPreview());

        RecordingTree.Reads reads = tree.reads();
        for (String path : List.of("manifests/greeter/charts/greeter/Chart.yaml",
                "manifests/greeter/charts/greeter/values.yaml",
                "manifests/greeter/charts/greeter/templates/deployment.yaml",
                "manifests/greeter/charts/greeter/templates/_helpers.tpl",
                "manifests/greeter/charts/greeter/crds/greetings.yaml",
                "manifests/greeter/staging-values.yaml",
                "manifests/greeter/charts/greeter/templates/added-later.yaml")) {
            assertThat(reads.affectedBy(path)).as(path).isTrue();
        }
        assertThat(reads.affectedBy("manifests/other/values.yaml")).isFalse();
    }

    @Test
    void anOfflineRenderOfCommittedChartsNeverTouchesTheChartCache() throws Exception {
        Path unused = cache.resolve("never-created");
        new Renderer().render(new DirectoryTree(HelmFixtures.REPO), "local",
                RenderOptions.defaults().withChartCache(unused).asPreview());
        assertThat(unused).doesNotExist();
    }

    @Test
    void valuesMergeReplaceUsesTheInlineValuesAloneOverTheChartsDefaults(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  valuesFile: staging-values.yaml
                  valuesMerge: replace
                  valuesInline:
                    greeting: inline only
                """);
        DesiredState state = render(repo, "local");

        DesiredObject config = object(state, "ConfigMap");
        assertThat(config.key().toString()).isEqualTo("ConfigMap/greet-local/release-name-greeter"); // Helm's default
        assertThat(get(config.body(), "data", "greeting")).isEqualTo("inline only");
        assertThat(get(object(state, "Deployment").body(), "spec", "replicas")).isEqualTo(1L); // chart default
        assertThat(state.objects()).extracting(DesiredObject::kind).doesNotContain("CustomResourceDefinition");
    }

    @Test
    void valuesMergeMergeKeepsTheValuesFileWhereBothSetAValue(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmCharts:
                - name: greeter
                  valuesMerge: merge
                  valuesInline:
                    greeting: from inline
                    image: {repository: example.com/other}
                """);
        DesiredState state = render(repo, "local");

        assertThat(get(object(state, "ConfigMap").body(), "data", "greeting")).isEqualTo("hello"); // the chart's file
        assertThat(get(object(state, "Deployment").body(), "spec", "template", "spec", "containers", 0, "image"))
                .isEqualTo("example.com/greeter:2.0");
    }

    @Test
    void mergeFollowsKustomizesMergo() {
        Map<String, Object> file = Map.of("a", Map.of("x", 1L, "y", 2L), "b", "file", "c", false);
        Map<String, Object> inline = Map.of("a", Map.of("y", 3L, "z", 4L), "b", "inline", "c", true);

        assertThat(HelmCharts.merge(file, inline, true)).isEqualTo(
                Map.of("a", Map.of("x", 1L, "y", 3L, "z", 4L), "b", "inline", "c", true));
        assertThat(HelmCharts.merge(file, inline, false)).isEqualTo(
                Map.of("a", Map.of("x", 1L, "y", 2L, "z", 4L), "b", "file", "c", true)); // false is empty: filled
    }

    @Test
    void aChartThatIsNotThereIsAnErrorAtItsEntry(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                resources: []
                helmCharts:
                - name: missing
                """);
        assertThatThrownBy(() -> render(repo, "local")).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/kustomization.yaml:3: chart missing not found: "
                        + "manifests/greeter/charts/missing/Chart.yaml does not exist");
    }

    @Test
    void anInvalidValuesFileIsAnErrorAtItsLine(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/staging-values.yaml"), "replicaCount: 2\ngreeting: [unclosed\n");
        assertThatThrownBy(() -> render(repo, "local")).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/staging-values.yaml:3: invalid YAML");
    }

    @Test
    void aTemplateErrorIsAnErrorAtTheTemplatesLine(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/charts/greeter/templates/service.yaml"),
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.missing.deeper }}\n");
        assertThatThrownBy(() -> render(repo, "local")).isInstanceOf(RenderException.class)
                .hasMessageContaining("manifests/greeter/charts/greeter/templates/service.yaml:4: chart greeter "
                        + "template failed: template: greeter/templates/service.yaml:4:")
                .hasMessageContaining("nil pointer evaluating interface {}.deeper");
    }

    @Test
    void fieldsTheRendererCannotHonourAreRefusedByName(@TempDir Path repo) throws Exception {
        HelmFixtures.copyRepo(repo);
        Files.writeString(repo.resolve("manifests/greeter/kustomization.yaml"), """
                helmGlobals:
                  chartHome: ../../outside
                helmCharts:
                - name: greeter
                  nameTemplate: x
                - name: remote
                  repo: oci://robot:token@registry.example.com/charts
                  version: 1.0.0
                - name: unpinned
                  repo: https://charts.example.com
                - name: greeter
                  valuesMerge: deep
                - name: secret
                  repo: https://user:token@charts.example.com
                  version: 1.0.0
                """);
        assertThatThrownBy(() -> render(repo, "local")).isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).errors()).extracting(RenderProblem::toString)
                        .anySatisfy(m -> assertThat(m).contains(":2: chartHome ../../outside must be a folder in or below manifests/greeter"))
                        .anySatisfy(m -> assertThat(m).contains(":5: `nameTemplate` in helmCharts is not supported"))
                        .anySatisfy(m -> assertThat(m).contains(":7: an OCI chart repository must read oci://host[:port]/path"))
                        .anySatisfy(m -> assertThat(m).contains(":10: chart unpinned from https://charts.example.com needs a `version`"))
                        .anySatisfy(m -> assertThat(m).contains(":12: valuesMerge must be one of override, merge, replace, not deep"))
                        .anySatisfy(m -> assertThat(m).contains(":14: chart repository URL must not hold credentials"))
                        .noneSatisfy(m -> assertThat(m).contains("token")));
    }

    private static DesiredObject object(DesiredState state, String kind) {
        return state.objects().stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow();
    }
}
