package dev.plumbline.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One fixture per tricky scalar ({@code render/scalars/<case>.yaml}): Plumbline must read it as kubectl does. The
 * expected {@code data} is what {@code kubectl label --local -o json} printed ({@code <case>.json}), or kubectl's
 * error ({@code <case>.error}); {@link GoldenFilesTest} re-checks those against kubectl.
 */
class ScalarResolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> cases() {
        return Fixtures.files("scalars", ".yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void readsScalarsAsKubernetesDoes(String name) throws Exception {
        Path dir = Fixtures.dir("scalars");
        byte[] yaml = Files.readAllBytes(dir.resolve(name + ".yaml"));
        Path error = dir.resolve(name + ".error");
        if (Files.exists(error)) {
            assertThatThrownBy(() -> YamlReader.defaults().read(name + ".yaml", yaml, false))
                    .isInstanceOf(RenderException.class)
                    .hasMessageContaining(name + ".yaml:6: `")
                    .hasMessageContaining("JSON");
            return;
        }
        Map<String, Object> data = Values.map(Values.map(
                YamlReader.defaults().read(name + ".yaml", yaml, false).get(0).root()).get("data"));
        assertThat(data).isEqualTo(fromKubectlJson(JSON.readTree(dir.resolve(name + ".json").toFile())));
    }

    /** Kubernetes' JSON decoding: integers that fit an int64 are integers, other numbers float64. */
    static Map<String, Object> fromKubectlJson(JsonNode data) {
        Map<String, Object> out = new LinkedHashMap<>();
        data.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            Object value = v.isNull() ? null
                    : v.isBoolean() ? v.booleanValue()
                    : v.isTextual() ? v.textValue()
                    : v.isIntegralNumber() && v.canConvertToLong() ? (Object) v.longValue()
                    : v.doubleValue();
            out.put(e.getKey(), value);
        });
        return out;
    }
}
