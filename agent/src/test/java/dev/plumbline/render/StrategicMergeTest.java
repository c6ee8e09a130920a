package dev.plumbline.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strategic merge cases under {@code render/strategic-merge/<case>.yaml}: three documents, the target, the patch and
 * the expected result ({@code $deleted: true} when the patch deletes the whole object).
 */
class StrategicMergeTest {

    static List<String> cases() {
        return Fixtures.files("strategic-merge", ".yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergesAsKubernetesAndKustomizeDo(String name) throws Exception {
        Path file = Fixtures.dir("strategic-merge").resolve(name + ".yaml");
        List<YamlReader.Document> docs = YamlReader.defaults().read(name, Files.readAllBytes(file), false);
        assertThat(docs).hasSize(3);
        Map<String, Object> target = Values.map(docs.get(0).root());
        Map<String, Object> patch = Values.map(docs.get(1).root());
        Map<String, Object> expected = Values.map(docs.get(2).root());
        String apiVersion = (String) target.get("apiVersion");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Map<String, Object> patchCopy = Values.copyMap(patch);

        boolean kept = StrategicMerge.apply(target, patch, group, (String) target.get("kind"));

        if (Boolean.TRUE.equals(expected.get("$deleted"))) {
            assertThat(kept).isFalse();
        } else {
            assertThat(kept).isTrue();
            assertThat(target).isEqualTo(expected);
        }
        assertThat(patch).as("the patch itself is never changed").isEqualTo(patchCopy);
    }
}
