package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bad input fails the whole render with every error at its file:line. Each case under {@code render/bad/<case>/}
 * holds a repository, {@code expected-errors.txt} (the exact problems, one per line, in order) and optionally
 * {@code test-options.yaml} ({@code defaultNamespace}, {@code namespaces}, {@code clusterScoped}).
 */
class BadInputTest {

    static List<String> cases() {
        return Fixtures.cases("bad");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsWithEveryErrorAtItsLine(String name) throws Exception {
        Path dir = Fixtures.dir("bad").resolve(name);
        RenderException e = catchThrowableOfType(RenderException.class,
                () -> new Renderer().render(new DirectoryTree(dir), "dev", options(dir)));

        assertThat(e).as("render of %s must fail", name).isNotNull();
        List<String> expected = Files.readAllLines(dir.resolve("expected-errors.txt")).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(e.errors().stream().map(RenderProblem::toString).toList()).containsExactlyElementsOf(expected);
        assertThat(e.getMessage()).startsWith("environment dev render failed: ");
    }

    static RenderOptions options(Path dir) throws Exception {
        Path file = dir.resolve("test-options.yaml");
        if (!Files.exists(file)) {
            return RenderOptions.defaults();
        }
        Map<String, Object> o = Values.map(YamlReader.defaults().read("test-options.yaml", Files.readAllBytes(file),
                false).get(0).root());
        @SuppressWarnings("unchecked")
        Restrictions restrictions = new Restrictions((List<String>) o.get("namespaces"),
                (List<String>) o.get("clusterScoped"));
        return RenderOptions.defaults().withDefaultNamespace((String) o.get("defaultNamespace"))
                .withRestrictions(restrictions);
    }
}
