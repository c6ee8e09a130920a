package dev.plumbline.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One live object per fixture, {@code src/test/resources/health/<kind>-<state>.yaml}, whose first line states the
 * expected verdict: {@code # expect: <Health>[: <message>]}.
 */
class HealthFixturesTest {

    private static final String EXPECT = "# expect: ";
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final HealthChecks CHECKS = HealthChecks.defaults();

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(HealthFixturesTest.class.getResource("/health").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void assesses(String fixture) throws Exception {
        String text = Files.readString(Path.of(getClass().getResource("/health/" + fixture + ".yaml").toURI()),
                StandardCharsets.UTF_8);
        String header = text.lines().findFirst().orElse("");
        assertThat(header).as("first line of %s.yaml", fixture).startsWith(EXPECT);
        String expected = header.substring(EXPECT.length());
        int colon = expected.indexOf(':');
        Health code = Health.valueOf(colon < 0 ? expected : expected.substring(0, colon));
        String message = colon < 0 ? "" : expected.substring(colon + 1).strip();

        HealthStatus status = CHECKS.assess(YAML.unmarshal(text, GenericKubernetesResource.class));

        assertThat(status).isEqualTo(HealthStatus.of(code, message));
    }
}
