package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.Trees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.plumbline.render.HelmFixtures.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hooks and tests of a chart (templates annotated {@code helm.sh/hook}) render as {@code helm template} prints them,
 * and so as {@code kubectl kustomize --enable-helm} does: the release manifest, then each hook as
 * {@code ---\n# Source: <path>\n<manifest>}; {@code skipHooks} ({@code --no-hooks}) drops them all, {@code skipTests}
 * ({@code --skip-tests}) the test hooks only. The fixture chart ({@code src/test/resources/render/helm/hooks}) has a
 * Deployment, a pre-install Job hook and a test Pod. Real Helm; its install talks to the render's own server only.
 */
class HelmHooksTest {

    private static final Path REPO = Fixtures.dir("helm/hooks");
    private static final Path CHART = REPO.resolve("manifests/app/charts/app");

    @TempDir
    Path repo;

    private static DesiredState render(Path at) {
        return new Renderer().render(new DirectoryTree(at), "local", RenderOptions.defaults().asPreview());
    }

    private void entry(String fields) throws IOException {
        if (!Files.exists(repo.resolve("manifests"))) {
            Trees.copy(REPO, repo);
        }
        Files.writeString(repo.resolve("manifests/app/kustomization.yaml"), """
                helmCharts:
                - name: app
                  releaseName: web
                """ + fields);
    }

    @Test
    void hooksAndTestsRenderAfterTheManifestAsHelmTemplatePrintsThem() throws IOException {
        Kustomization.HelmChart spec = new Kustomization.HelmChart("app", "charts", null, null, "web", "team-a", null,
                null, "override", false, null, List.of(), false, false, 1);
        HelmInstall.Release release;
        String template;
        synchronized (HelmTemplate.LOCK) {
            template = HelmTemplate.template(CHART, spec, null, null);
            HelmInstall.Defaults defaults = HelmInstall.defaults(null);
            release = HelmTemplate.install(CHART, spec, null, defaults.kubeVersion(), defaults.apiVersions(), template);
        }
        String job = """
                ---
                # Source: app/templates/migrate-job.yaml
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: web-migrate
                  annotations:
                    "helm.sh/hook": pre-install,pre-upgrade
                    "helm.sh/hook-weight": "-5"
                    "helm.sh/hook-delete-policy": before-hook-creation
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: migrate
                        image: nginx:1.27
                        command: ["migrate"]
                """;
        String test = """
                ---
                # Source: app/templates/tests/test-connection.yaml
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web-test-connection
                  annotations:
                    "helm.sh/hook": test
                spec:
                  restartPolicy: Never
                  containers:
                  - name: wget
                    image: busybox
                    command: ["wget", "web:80"]
                """;
        assertThat(release.manifest()).isEqualTo(template).contains("kind: Deployment").doesNotContain("helm.sh/hook");
        // Helm's order (SortManifests: hooks by install order of kinds, Pod before Job), not the templates' order
        assertThat(release.output(false, false)).isEqualTo(template + test + job);
        assertThat(release.output(false, true)).isEqualTo(template + job);
        assertThat(release.output(true, false)).isEqualTo(template);
    }

    @Test
    void theRenderHoldsTheHooksAndTestsWithTheirAnnotationsAndTemplates() {
        DesiredState state = render(REPO);

        assertThat(state.objects()).extracting(o -> o.apiVersion() + " " + o.key()).containsExactly(
                "apps/v1 Deployment/hooks-local/web", "batch/v1 Job/hooks-local/web-migrate",
                "v1 Pod/hooks-local/web-test-connection"); // Kustomize's legacy order, whatever order Helm printed
        assertThat(get(state.objects().get(1).body(), "metadata", "annotations", "helm.sh/hook"))
                .isEqualTo("pre-install,pre-upgrade");
        assertThat(get(state.objects().get(2).body(), "metadata", "annotations", "helm.sh/hook")).isEqualTo("test");
        assertThat(state.objects()).extracting(DesiredObject::source).containsExactly(
                "manifests/app/charts/app/templates/deployment.yaml", "manifests/app/charts/app/templates/migrate-job.yaml",
                "manifests/app/charts/app/templates/tests/test-connection.yaml");
    }

    @Test
    void skipHooksDropsHooksAndTestsAndSkipTestsOnlyTheTests() throws IOException {
        entry("  skipHooks: true\n");
        assertThat(render(repo).objects()).extracting(o -> o.key().toString()).containsExactly("Deployment/hooks-local/web");

        entry("  skipTests: true\n");
        assertThat(render(repo).objects()).extracting(o -> o.key().toString()).containsExactly(
                "Deployment/hooks-local/web", "Job/hooks-local/web-migrate");

        entry("  skipHooks: false\n  skipTests: false\n");
        assertThat(render(repo).objects()).hasSize(3);
    }

    @Test
    void skipHooksAndSkipTestsThatAreNotBooleansAreErrorsAtTheirLines() throws IOException {
        entry("  skipHooks: \"yes\"\n  skipTests: 1\n");
        assertThatThrownBy(() -> render(repo)).isInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).errors()).extracting(RenderProblem::toString)
                        .anySatisfy(m -> assertThat(m).contains("manifests/app/kustomization.yaml:4: `skipHooks` in "
                                + "a helmCharts entry must be true or false"))
                        .anySatisfy(m -> assertThat(m).contains("manifests/app/kustomization.yaml:5: `skipTests` in "
                                + "a helmCharts entry must be true or false")));
    }

    /**
     * Helm 3's install stores the release (hooks included) before it runs a pre-install hook or creates anything:
     * the render's server refuses that first write, so the Job hook is never sent to any server.
     */
    @Test
    void helmsInstallWritesNothingButTheReleaseItIsRefused() throws IOException {
        HelmInstall.Defaults defaults = HelmInstall.defaults(null);
        synchronized (HelmTemplate.LOCK) {
            try (HelmDiscovery server = new HelmDiscovery(defaults.kubeVersion(), defaults.apiVersions(),
                    Set.of("apps/v1/Deployment", "batch/v1/Job", "v1/Pod"))) {
                assertThatThrownBy(() -> new Helm(CHART).install().withName("web").withNamespace("team-a").skipCrds()
                        .disableOpenApiValidation().withKubeConfigContents(server.kubeConfig("team-a")).call())
                        .hasMessageContaining("accepts no writes");
                assertThat(server.writes()).containsExactly("POST /api/v1/namespaces/team-a/secrets");
                HelmInstall.Release release = HelmInstall.release(server.release(), server.releaseType());
                assertThat(release.hooks()).extracting(HelmInstall.Hook::path, HelmInstall.Hook::test).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("app/templates/tests/test-connection.yaml", true),
                        org.assertj.core.groups.Tuple.tuple("app/templates/migrate-job.yaml", false));
            }
        }
    }
}
