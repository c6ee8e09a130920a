package dev.plumbline.cli;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.RenderException;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.GitRepoFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A namespaced object that names no namespace, in an environment whose {@code plumbline.yaml} sets no default:
 * {@code render} prints it as {@code kubectl kustomize} does (with a warning on stderr), {@code validate} warns, and
 * the render that diff and sync use refuses it at file:line (they cannot tell where it would go).
 */
class NamespacelessRenderTest {

    @TempDir
    Path tmp;

    @Test
    void renderPrintsValidateWarnsDiffAndSyncRefuse() {
        try (GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"))) {
            repo.write("environments/dev/kustomization.yaml", "resources:\n- app.yaml\n")
                    .write("environments/dev/app.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
                    .commit("no namespace anywhere");

            CliDiffIT.Run render = CliDiffIT.run("render", "--repo", repo.dir().toString(), "--env", "dev",
                    "--cache-dir", tmp.resolve("cache").toString());
            assertThat(render.code()).as(render.err()).isEqualTo(PlumblineCommand.EXIT_CLEAN);
            assertThat(render.out()).contains("kind: ConfigMap", "  name: settings").doesNotContain("namespace:");
            assertThat(render.err()).contains("environments/dev/app.yaml:1: warning: ConfigMap/settings is namespaced but "
                    + "names no namespace, and plumbline.yaml sets no default `namespace`: printed as written; diff and sync refuse it");

            CliDiffIT.Run validate = CliDiffIT.run("validate", "--repo", repo.dir().toString(), "--env", "dev",
                    "--cache-dir", tmp.resolve("cache").toString());
            assertThat(validate.code()).as(validate.out() + validate.err()).isEqualTo(PlumblineCommand.EXIT_CLEAN);
            assertThat(validate.out()).contains("dev: ok, 1 objects, 1 warning(s)", "environments/dev/app.yaml:1: warning:");

            assertThatThrownBy(() -> RenderedEnvironment.render(new DirectoryTree(repo.dir()), "dev"))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("environments/dev/app.yaml:1: ConfigMap/settings is namespaced but names no namespace");
        }
    }
}
