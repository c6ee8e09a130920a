package dev.plumbline.diff;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static dev.plumbline.diff.ManagedFieldsIndexTest.item;
import static dev.plumbline.diff.ManagedFieldsIndexTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a/b|a~1b", "a~b|a~0b", "~1|~01", "plain|plain", "/|~1", "a~/b|a~0~1b"})
    void rfc6901Escaping(String raw, String escaped) {
        assertThat(FieldPaths.escape(raw)).isEqualTo(escaped);
        assertThat(FieldPaths.unescape(escaped)).isEqualTo(raw);
    }

    @Test
    void pointerAndFieldOfTheSamePath() {
        List<Segment> path = List.of(key("spec"), key("template"), key("spec"), key("containers"),
                item(0, "name", "api"), key("ports"), item(1, "containerPort", "8080"), key("name"));
        assertThat(FieldPaths.pointer(path)).isEqualTo("/spec/template/spec/containers/0/ports/1/name");
        assertThat(FieldPaths.field(path)).isEqualTo("spec.template.spec.containers[name=api].ports[containerPort=8080].name");
    }

    @Test
    void mapKeysWithDotsSlashesOrQuotesAreBracketed() {
        assertThat(FieldPaths.field(List.of(key("metadata"), key("labels"), key("app.kubernetes.io/name"))))
                .isEqualTo("metadata.labels[\"app.kubernetes.io/name\"]");
        assertThat(FieldPaths.field(List.of(key("data"), key("say \"hi\""))))
                .isEqualTo("data[\"say \\\"hi\\\"\"]");
        assertThat(FieldPaths.field(List.of(key("spec"), key("tolerations"), item(3, null, null))))
                .isEqualTo("spec.tolerations[3]");
    }

    @Test
    void mergeKeys() {
        assertThat(FieldPaths.mergeKey(List.of(key("spec"), key("containers")))).isEqualTo("name");
        assertThat(FieldPaths.mergeKey(List.of(key("spec"), key("containers"), item(0, "name", "a"), key("ports"))))
                .isEqualTo("containerPort");
        assertThat(FieldPaths.mergeKey(List.of(key("spec"), key("ports")))).isEqualTo("port");
        assertThat(FieldPaths.mergeKey(List.of(key("spec"), key("containers"), item(0, "name", "a"),
                key("volumeMounts")))).isEqualTo("mountPath");
        assertThat(FieldPaths.mergeKey(List.of(key("spec"), key("tolerations")))).isNull();
    }

    @Test
    void selectorsParseBothSpellings() {
        assertThat(PathSelector.parse("/spec/replicas").steps())
                .containsExactly(new PathSelector.Token("spec"), new PathSelector.Token("replicas"));
        assertThat(PathSelector.parse("/metadata/labels/a~1b").steps())
                .containsExactly(new PathSelector.Token("metadata"), new PathSelector.Token("labels"),
                        new PathSelector.Token("a/b"));
        assertThat(PathSelector.parse("spec.template.spec.containers[name=api].image").steps())
                .containsExactly(new PathSelector.Token("spec"), new PathSelector.Token("template"),
                        new PathSelector.Token("spec"), new PathSelector.Token("containers"),
                        new PathSelector.Match("name", "api"), new PathSelector.Token("image"));
        assertThat(PathSelector.parse("metadata.labels[\"app.kubernetes.io/name\"]").steps())
                .containsExactly(new PathSelector.Token("metadata"), new PathSelector.Token("labels"),
                        new PathSelector.Token("app.kubernetes.io/name"));
        assertThat(PathSelector.parse("spec.tolerations[2].key").steps())
                .containsExactly(new PathSelector.Token("spec"), new PathSelector.Token("tolerations"),
                        new PathSelector.Index(2), new PathSelector.Token("key"));
        assertThat(PathSelector.parse("spec.containers[*].image").steps())
                .contains(new PathSelector.Any());
    }

    @Test
    void malformedSelectorsAreRejectedWithTheirText() {
        assertThatThrownBy(() -> PathSelector.parse("spec.containers[name=api")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> PathSelector.parse("spec..x")).hasMessageContaining("empty field name");
        assertThatThrownBy(() -> PathSelector.parse("spec[abc]")).hasMessageContaining("'spec[abc]'");
        assertThatThrownBy(() -> PathSelector.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void resolveFindsConcreteLocations() {
        Map<String, Object> obj = Map.of("spec", Map.of("containers", List.of(
                Map.of("name", "a", "image", "x"), Map.of("name", "b", "image", "y"))));
        assertThat(PathSelector.parse("spec.containers[name=b].image").resolve(obj))
                .containsExactly(List.of("spec", "containers", 1, "image"));
        assertThat(PathSelector.parse("/spec/containers/*/image").resolve(obj))
                .containsExactly(List.of("spec", "containers", 0, "image"), List.of("spec", "containers", 1, "image"));
        assertThat(PathSelector.parse("/spec/containers/0/image").resolve(obj))
                .containsExactly(List.of("spec", "containers", 0, "image"));
        assertThat(PathSelector.parse("/spec/absent").resolve(obj)).isEmpty();
    }

    @Test
    void conflictFieldSpellingsNormalizeToOurs() {
        assertThat(Attribution.normalize(".spec.template.spec.containers[name=\"api\"].image"))
                .isEqualTo(Attribution.normalize("spec.template.spec.containers[name=api].image"));
        assertThat(Attribution.normalize("metadata.labels[\"a.b/c\"]")).isEqualTo("metadata.labels.a.b/c");
    }
}
