package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RendererTest {

    private static final DirectoryTree PLAIN = new DirectoryTree(Fixtures.dir("plain"));
    private final Renderer renderer = new Renderer();

    @Nested
    class PlainYamlEnvironment {

        private final DesiredState state = renderer.render(PLAIN, "prod", RenderOptions.defaults()
                .withDefaultNamespace("shop")
                .withRestrictions(new Restrictions(List.of("shop", "shop-*"), List.of("Namespace", "BackupPolicy",
                        "CustomResourceDefinition"))));

        @Test
        void readsEveryYamlFileRecursivelyButThePolicyFileAndHiddenFolders() {
            assertThat(state.objects()).extracting(o -> o.key().toString()).containsExactly(
                    "Namespace/shop",
                    "CustomResourceDefinition/backuppolicies.example.com",
                    "ConfigMap/shop/legacy",
                    "ConfigMap/shop/orders-config",
                    "Service/shop-edge/orders",
                    "Deployment/shop/orders",
                    "BackupPolicy/nightly");
            assertThat(state.revision()).isEqualTo("worktree");
            assertThat(state.environment()).isEqualTo("prod");
            assertThat(state.warnings()).isEmpty();
        }

        @Test
        void namespacedObjectsWithoutNamespaceTakeTheDefaultInKeyAndBody() {
            DesiredObject orders = state.find(ResourceKey.of("apps", "Deployment", "shop", "orders")).orElseThrow();
            assertThat(orders.metadata()).containsEntry("namespace", "shop");
            assertThat(orders.source()).isEqualTo("environments/prod/apps/orders.yaml");
            assertThat(orders.line()).isEqualTo(1);
            assertThat(orders.location()).isEqualTo("environments/prod/apps/orders.yaml:1");
        }

        @Test
        void clusterScopedCustomResourcesFollowTheirCrdInTheSameRender() {
            DesiredObject nightly = state.find(ResourceKey.of("example.com", "BackupPolicy", null, "nightly"))
                    .orElseThrow();
            assertThat(nightly.metadata()).doesNotContainKey("namespace");
            assertThat(nightly.line()).isEqualTo(18);
        }

        @Test
        void listItemsKeepTheirOwnLineAndIgnoredObjectsAreFlagged() {
            DesiredObject legacy = state.find(ResourceKey.of("", "ConfigMap", "shop", "legacy")).orElseThrow();
            assertThat(legacy.line()).isEqualTo(10);
            assertThat(legacy.ignored()).isTrue();
            assertThat(state.managed()).doesNotContain(legacy).hasSize(6);
        }

        @Test
        void bodiesAreDeepImmutable() {
            Map<String, Object> body = state.objects().get(5).body();
            assertThatThrownBy(() -> body.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
            Map<String, Object> spec = Values.map(body.get("spec"));
            assertThatThrownBy(() -> spec.remove("replicas")).isInstanceOf(UnsupportedOperationException.class);
            List<Object> containers = Values.list(Values.map(Values.map(spec.get("template")).get("spec"))
                    .get("containers"));
            assertThatThrownBy(() -> containers.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Failures {

        @Test
        void unknownEnvironment() {
            assertThatThrownBy(() -> renderer.render(PLAIN, "staging", RenderOptions.defaults()))
                    .isInstanceOf(RenderException.class)
                    .hasMessage("environment staging render failed: environments/staging: environment folder does "
                            + "not exist");
        }

        @Test
        void environmentNamesAreSinglePathSegments() {
            assertThatThrownBy(() -> renderer.render(PLAIN, "../prod", RenderOptions.defaults()))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("`../prod` is not a valid environment name");
        }

        @Test
        void filesAboveTheSizeLimitAreRefused(@TempDir Path repo) throws Exception {
            Path env = Files.createDirectories(repo.resolve("environments/dev"));
            Files.writeString(env.resolve("big.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n"
                    + "data:\n  blob: \"" + "x".repeat(2000) + "\"\n");
            assertThatThrownBy(() -> renderer.render(new DirectoryTree(repo), "dev",
                    RenderOptions.defaults().withDefaultNamespace("d").withMaxFileBytes(1024)))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining("environments/dev/big.yaml: render budget exceeded: file is 2070 bytes, more than the "
                            + "limit of 1024 bytes for one file (limit plumbline.render.max-file-bytes)");
        }

        @Test
        void warningsTravelWithTheErrors(@TempDir Path repo) throws Exception {
            Path env = Files.createDirectories(repo.resolve("environments/dev"));
            Files.writeString(env.resolve("kustomization.yaml"), """
                    resources: [cm.yaml, missing.yaml]
                    patches:
                    - target: {kind: Secret}
                      patch: '[{"op": "add", "path": "/x", "value": 1}]'
                    """);
            Files.writeString(env.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
            RenderException e = org.assertj.core.api.Assertions.catchThrowableOfType(RenderException.class,
                    () -> renderer.render(new DirectoryTree(repo), "dev", RenderOptions.defaults()));
            assertThat(e.errors()).extracting(RenderProblem::toString).containsExactly(
                    "environments/dev/kustomization.yaml:1: resource missing.yaml does not exist "
                            + "(environments/dev/missing.yaml)");
        }
    }
}
