package dev.plumbline.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskingTest {

    // "hunter2-old" / "hunter2-new" / "same-value" base64-encoded
    private static final String OLD = "aHVudGVyMi1vbGQ=";
    private static final String NEW = "aHVudGVyMi1uZXc=";
    private static final String SAME = "c2FtZS12YWx1ZQ==";

    private static Map<String, Object> secret(String password, String lastApplied) {
        String annotations = lastApplied == null ? "{}"
                : "{kubectl.kubernetes.io/last-applied-configuration: '" + lastApplied + "'}";
        return new Yaml().load("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: shop, annotations: %s}
                type: Opaque
                data: {password: %s, user: %s}
                """.formatted(annotations, password, SAME));
    }

    @Test
    void changedKeysAreNamedAndNoValueReachesTheJson() throws Exception {
        Map<String, Object> desired = secret(NEW, null);
        Map<String, Object> live = secret(OLD, "{\"data\":{\"password\":\"" + OLD + "\"}}");
        DiffResult result = Comparison.of(ResourceKey.of(desired), "v1", desired, desired, live, List.of(),
                DiffOptions.defaults());

        assertThat(result.entry().status()).isEqualTo(Verdict.Modified);
        assertThat(result.entry().changes()).extracting(FieldChange::field)
                .containsExactly("metadata.annotations[\"kubectl.kubernetes.io/last-applied-configuration\"]",
                        "data.password");
        FieldChange password = result.entry().changes().get(1);
        assertThat(password.desired()).isEqualTo(SecretMasking.DESIRED);
        assertThat(password.live()).isEqualTo(SecretMasking.LIVE);
        assertThat(result.entry().message()).contains("data.password").doesNotContain("user");

        String json = new ObjectMapper().writeValueAsString(result.entry())
                + UnifiedDiff.of(result) + result.desired() + result.live();
        for (String value : List.of(OLD, NEW, SAME, "hunter2", "same-value")) {
            assertThat(json).doesNotContain(value);
        }
        assertThat(UnifiedDiff.of(result)).contains("-  password: '(sensitive: live value)'")
                .contains("+  password: '(sensitive: desired value)'").contains(" user: (sensitive)");
    }

    @Test
    void sensitiveConfigMapsOnlyWhenAnnotated() {
        Map<String, Object> marked = new Yaml().load(
                "kind: ConfigMap\nmetadata: {annotations: {plumbline.dev/sensitive: \"true\"}}\ndata: {k: v}");
        assertThat(SecretMasking.sensitive("ConfigMap", marked, null, "plumbline.dev/sensitive")).isTrue();
        assertThat(SecretMasking.sensitive("ConfigMap", null, marked, "plumbline.dev/sensitive")).isTrue();
        assertThat(SecretMasking.sensitive("ConfigMap", Map.of(), Map.of(), "plumbline.dev/sensitive")).isFalse();
        assertThat(SecretMasking.sensitive("Secret", null, null, null)).isTrue();
    }

    @Test
    void wholeDataMapAddedStillShowsNoValue() {
        Map<String, Object> desired = secret(NEW, null);
        Map<String, Object> live = secret(OLD, null);
        live.remove("data");
        DriftEntry entry = Comparison.of(ResourceKey.of(desired), "v1", desired, desired, live, List.of(),
                DiffOptions.defaults()).entry();
        assertThat(entry.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/data");
            assertThat(c.desired().toString()).doesNotContain(NEW).doesNotContain(SAME).contains(SecretMasking.DESIRED);
        });
    }

    @Test
    void errorMessagesAreScrubbed() {
        Map<String, Object> desired = secret(NEW, null);
        String scrubbed = SecretMasking.scrub("Secret \"db\" is invalid: data[password]: " + NEW + " or hunter2-new",
                List.of(desired));
        assertThat(scrubbed).doesNotContain(NEW).doesNotContain("hunter2-new").contains("data[password]");
        Map<String, Object> tiny = new Yaml().load("kind: Secret\nstringData: {pin: '42'}");
        assertThat(SecretMasking.scrub("invalid value 42", List.of(tiny))).doesNotContain("42");
        assertThat(SecretMasking.scrub(null, List.of(tiny))).isNull();
    }
}
