package dev.plumbline.diff;

import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code <case>-desired.yaml} (a dry-run answer) vs {@code <case>-live.yaml} (with managedFields) gives the changes
 * of {@code <case>-expected.yaml}: path, field, both values and the attributed manager.
 */
class ComparisonCasesTest {

    static java.util.stream.Stream<String> cases() throws Exception {
        return Fixtures.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(String name) {
        Map<String, Object> desired = Fixtures.object(name + "-desired.yaml");
        Map<String, Object> live = Fixtures.object(name + "-live.yaml");
        List<Map<String, Object>> expected = Fixtures.load(name + "-expected.yaml");

        DriftEntry entry = Comparison.of(ResourceKey.of(desired), (String) desired.get("apiVersion"), desired, desired,
                live, List.of(), DiffOptions.defaults()).entry();

        List<Map<String, Object>> actual = entry.changes().stream().map(c -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("path", c.path());
            m.put("field", c.field());
            m.put("desired", c.desired());
            m.put("live", c.live());
            m.put("manager", c.changedBy().manager());
            return m;
        }).toList();
        assertThat(actual).isEqualTo(expected);
        assertThat(entry.status()).isEqualTo(expected.isEmpty() ? Verdict.InSync : Verdict.Modified);
        assertThat(entry.changedBy()).extracting(ChangedBy::manager)
                .containsExactlyElementsOf(expected.stream().map(e -> (String) e.get("manager")).distinct().toList());
    }
}
