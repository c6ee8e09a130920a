package dev.plumbline.render;

import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class YamlWriterTest {

    static List<String> cases() {
        return Fixtures.cases("conformance");
    }

    /** Printing what kubectl kustomize printed reproduces its text exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsAsKubectlKustomizeDoes(String name) throws Exception {
        Path golden = Fixtures.dir("conformance").resolve(name).resolve("expected.yaml");
        List<DesiredObject> objects = ConformanceTest.read(golden).stream()
                .map(o -> new DesiredObject(ResourceKey.of(o), (String) o.get("apiVersion"), o, "expected.yaml"))
                .toList();

        assertThat(new YamlWriter().write(objects)).isEqualTo(Files.readString(golden));
    }

    @Test
    void quotesEveryStringKubernetesWouldReadAsSomethingElse() {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String s : List.of("yes", "on", "y", "N", "0644", "0o644", "0x1F", "1_000", "1e3", ".5", "~", "null",
                "", "true", "12", "-1", "+1", ".inf", "2001-12-14", "plain text", "multi\nline\n", "tab\there")) {
            data.put("k" + data.size(), s);
        }
        Map<String, Object> body = Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "c"),
                "data", data);
        String yaml = new YamlWriter().write(List.of(new DesiredObject(ResourceKey.of(body), "v1", body, "x")));

        Map<String, Object> back = Values.map(YamlReader.defaults().read("out", yaml.getBytes(StandardCharsets.UTF_8),
                false).get(0).root());
        assertThat(back).isEqualTo(body);
        assertThat(yaml).contains("k0: \"yes\"", "k4: \"0644\"", "k5: \"0o644\"", "k19: plain text",
                "k20: |\n    multi\n    line\n");
    }
}
