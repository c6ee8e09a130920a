package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kustomize conformance: each case under {@code render/conformance/<case>/} is a small repository whose
 * {@code environments/dev} is rendered by {@link Renderer} and compared, structurally, with {@code expected.yaml},
 * the output of {@code kubectl kustomize} (v5) for the same folder ({@link GoldenFilesTest} keeps it honest).
 * Warnings are compared with {@code expected-warnings.txt} (none if absent).
 */
class ConformanceTest {

    static List<String> cases() {
        return Fixtures.cases("conformance");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeKubectlKustomize(String name) throws Exception {
        Path dir = Fixtures.dir("conformance").resolve(name);
        DesiredState state = new Renderer().render(new DirectoryTree(dir), "dev",
                RenderOptions.defaults().withDefaultNamespace("default"));

        List<Map<String, Object>> expected = normalize(read(dir.resolve("expected.yaml")));
        List<Map<String, Object>> actual = state.objects().stream().map(DesiredObject::body).toList();
        if (!actual.equals(expected)) {
            // Same order and content expected; print both sides as YAML for a readable diff.
            assertThat(new YamlWriter().write(state)).isEqualTo(writeAll(expected));
        }
        assertThat(actual).isEqualTo(expected);

        Path warnings = dir.resolve("expected-warnings.txt");
        List<String> expectedWarnings = Files.exists(warnings)
                ? Files.readAllLines(warnings).stream().filter(l -> !l.isBlank()).toList() : List.of();
        assertThat(state.warnings().stream().map(RenderProblem::toString).toList())
                .containsExactlyElementsOf(expectedWarnings);
    }

    static List<Map<String, Object>> read(Path file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (YamlReader.Document doc : YamlReader.defaults().read(file.toString(), Files.readAllBytes(file), false)) {
            out.add(Values.map(doc.root()));
        }
        return out;
    }

    /** What Plumbline adds on top of Kustomize: namespaced objects without a namespace get the default one. */
    static List<Map<String, Object>> normalize(List<Map<String, Object>> objects) {
        Scopes scopes = Scopes.withCrds(objects, null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            Map<String, Object> copy = Values.copyMap(o);
            String apiVersion = (String) copy.get("apiVersion");
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            Map<String, Object> meta = Values.child(copy, "metadata");
            if (scopes.isClusterScoped(null, group, (String) copy.get("kind"))) {
                meta.remove("namespace");
            } else {
                meta.putIfAbsent("namespace", "default");
            }
            out.add(Values.freeze(copy));
        }
        return out;
    }

    private static String writeAll(List<Map<String, Object>> objects) {
        List<DesiredObject> wrapped = objects.stream()
                .map(o -> new DesiredObject(dev.plumbline.resource.ResourceKey.of(o), "v1", o, "expected.yaml"))
                .toList();
        return new YamlWriter().write(wrapped);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
