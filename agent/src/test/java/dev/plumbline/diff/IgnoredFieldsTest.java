package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The image-set fixture with replicas scaled to 5 on the live side: two changes before any rule. */
class IgnoredFieldsTest {

    private static final ResourceKey KEY = ResourceKey.of("apps", "Deployment", "shop", "orders-api");

    private final Map<String, Object> desired = Fixtures.object("image-set-desired.yaml");
    private final Map<String, Object> live = scaled(Fixtures.object("image-set-live.yaml"));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scaled(Map<String, Object> live) {
        ((Map<String, Object>) live.get("spec")).put("replicas", 5);
        return live;
    }

    private List<String> fields(IgnoreRule... rules) {
        return Comparison.of(KEY, "apps/v1", desired, desired, live, IgnoredFields.matching(List.of(rules), KEY),
                DiffOptions.defaults()).entry().changes().stream().map(FieldChange::field).toList();
    }

    private static IgnoreRule rule(String name, List<String> paths, List<String> managers) {
        return new IgnoreRule(null, "Deployment", null, name, paths, managers);
    }

    @Test
    void withoutRulesBothChanges() {
        assertThat(fields()).containsExactly("spec.replicas", "spec.template.spec.containers[name=api].image");
    }

    @Test
    void jsonPointer() {
        assertThat(fields(rule(null, List.of("/spec/replicas"), null)))
                .containsExactly("spec.template.spec.containers[name=api].image");
    }

    @Test
    void mergeKeyFieldPathAndWildcard() {
        assertThat(fields(rule("orders-api", List.of("spec.template.spec.containers[name=api].image"), null)))
                .containsExactly("spec.replicas");
        assertThat(fields(rule(null, List.of("/spec/template/spec/containers/*/image"), null)))
                .containsExactly("spec.replicas");
    }

    @Test
    void managersIgnoreWhatTheyOwn() {
        assertThat(fields(rule(null, null, List.of("kubectl-set")))).containsExactly("spec.replicas");
    }

    @Test
    void rulesForOtherObjectsDoNothing() {
        assertThat(fields(rule("storefront", List.of("/spec/replicas"), List.of("kubectl-set"))))
                .hasSize(2);
        IgnoreRule otherKind = new IgnoreRule(null, "StatefulSet", null, null, List.of("/spec/replicas"), null);
        assertThat(IgnoredFields.matching(List.of(otherKind), KEY)).isEmpty();
    }

    @Test
    void everythingIgnoredIsInSync() {
        DriftEntry entry = Comparison.of(KEY, "apps/v1", desired, desired, live,
                List.of(rule(null, List.of("/spec/replicas"), List.of("kubectl-set"))), DiffOptions.defaults()).entry();
        assertThat(entry.status()).isEqualTo(Verdict.InSync);
        assertThat(entry.changes()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void keepLiveCopiesLiveValuesOfIgnoredPathsAndManagers() {
        Map<String, Object> body = Fixtures.object("image-set-desired.yaml");
        var liveResource = Normalizer.toResource(live);

        Map<String, Object> kept = IgnoredFields.keepLive(body, liveResource,
                List.of(rule(null, List.of("/spec/replicas"), List.of("kubectl-set"))));

        Map<String, Object> spec = (Map<String, Object>) kept.get("spec");
        assertThat(spec.get("replicas")).isEqualTo(5);
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>)
                spec.get("template")).get("spec")).get("containers")).get(0);
        assertThat(container.get("image")).isEqualTo("registry.example.com/orders-api:1.3");
        assertThat(((Map<String, Object>) body.get("spec")).get("replicas")).as("input untouched").isEqualTo(2);
    }

    @Test
    void keepLiveByFieldPathAndWithoutLiveObject() {
        Map<String, Object> body = Fixtures.object("image-set-desired.yaml");
        Map<String, Object> kept = IgnoredFields.keepLive(body, Normalizer.toResource(live),
                List.of(rule(null, List.of("spec.template.spec.containers[name=api].image"), null)));
        assertThat(kept.toString()).contains("orders-api:1.3").doesNotContain("orders-api:1.2");
        assertThat(IgnoredFields.keepLive(body, null, List.of(rule(null, List.of("/spec/replicas"), null))))
                .isEqualTo(body);
    }
}
