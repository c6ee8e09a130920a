package dev.plumbline.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Keeps the golden files honest: regenerates them with the kubectl on the PATH ({@code kubectl kustomize} for the
 * conformance cases, {@code kubectl label --local -o json} for the scalar fixtures) and fails if a committed file
 * differs. Run with {@code -Dplumbline.golden.update=true} to write the regenerated files instead.
 * Without kubectl this test fails, unless skipping is asked for explicitly ({@value Kubectl#SKIP_PROPERTY}=true or
 * PLUMBLINE_GOLDEN_SKIP=true): CI must never pass silently without the oracle.
 */
class GoldenFilesTest {

    private static final boolean UPDATE = Boolean.getBoolean("plumbline.golden.update");
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void requireKubectl() {
        if (!Kubectl.available()) {
            assumeFalse(Kubectl.skipAllowed(), "kubectl not found; golden files not checked (skip requested)");
            fail("kubectl is not on the PATH: golden files cannot be checked. Install kubectl >= 1.27, or set "
                    + Kubectl.SKIP_PROPERTY + "=true / PLUMBLINE_GOLDEN_SKIP=true to skip deliberately.");
        }
    }

    static List<String> conformanceCases() {
        return Fixtures.cases("conformance");
    }

    static List<String> scalarCases() {
        return Fixtures.files("scalars", ".yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conformanceCases")
    void conformanceGoldenMatchesKubectlKustomize(String name) throws Exception {
        Path dir = Fixtures.dir("conformance").resolve(name);
        Kubectl.Result result = Kubectl.run("kustomize", dir.resolve("environments/dev").toString());
        assertThat(result.exitCode()).as("kubectl kustomize %s: %s", name, result.stderr()).isZero();
        Path golden = dir.resolve("expected.yaml");
        if (UPDATE) {
            Files.writeString(golden, result.stdout());
        }
        assertThat(Files.readString(golden)).as("%s (regenerate with -Dplumbline.golden.update=true)", golden)
                .isEqualTo(result.stdout());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarCases")
    void scalarGoldenMatchesKubectl(String name) throws Exception {
        Path dir = Fixtures.dir("scalars");
        Kubectl.Result result = Kubectl.run("label", "--local", "-o", "json", "-f",
                dir.resolve(name + ".yaml").toString(), "plumbline-probe-");
        if (result.exitCode() != 0) {
            Path golden = dir.resolve(name + ".error");
            String message = result.stderr().strip().replaceFirst("^error: ", "").replaceFirst("error parsing [^:]+: ",
                    "");
            if (UPDATE) {
                Files.writeString(golden, message + "\n");
            }
            assertThat(Files.exists(golden)).as("kubectl rejects %s, so %s must exist", name, golden).isTrue();
            assertThat(Files.readString(golden).strip()).isEqualTo(message);
            return;
        }
        JsonNode data = JSON.readTree(result.stdout()).get("data");
        Path golden = dir.resolve(name + ".json");
        if (UPDATE) {
            Files.writeString(golden, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(data) + "\n");
        }
        assertThat(Files.exists(golden)).as("%s must exist", golden).isTrue();
        assertThat(JSON.readTree(golden.toFile())).isEqualTo(data);
    }
}
