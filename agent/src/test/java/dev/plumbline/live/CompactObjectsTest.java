package dev.plumbline.live;

import dev.plumbline.diff.DesiredHash;
import dev.plumbline.kube.Normalizer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watch cache's compact objects read exactly as the objects the API server sent (decision 0046). */
class CompactObjectsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    static GenericKubernetesResource load(String resource) {
        try (InputStream in = CompactObjectsTest.class.getResourceAsStream(resource)) {
            return SERIALIZATION.unmarshal(in, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/live/deployment-live.json", "/diff/in-sync-live.yaml", "/diff/image-set-live.yaml",
            "/diff/escaped-keys-live.yaml", "/diff/list-items-live.yaml", "/diff/service-ports-live.yaml",
            "/diff/by-index-live.yaml"})
    void aCompactObjectExpandsToExactlyTheOriginal(String resource) {
        GenericKubernetesResource original = load(resource);
        GenericKubernetesResource compact = CompactObjects.compact(load(resource));

        assertThat(compact).isEqualTo(original);
        assertThat(SERIALIZATION.asJson(compact)).isEqualTo(SERIALIZATION.asJson(original)); // same fields, same order
        assertThat(Normalizer.toMap(compact)).isEqualTo(Normalizer.toMap(original));
        assertThat(DesiredHash.content(Normalizer.toMap(compact))).isEqualTo(DesiredHash.content(Normalizer.toMap(original)));
        for (int i = 0; i < original.getMetadata().getManagedFields().size(); i++) {
            ManagedFieldsEntry before = original.getMetadata().getManagedFields().get(i);
            ManagedFieldsEntry after = compact.getMetadata().getManagedFields().get(i);
            assertThat(after).isEqualTo(before);
            assertThat(before.getFieldsV1().getAdditionalProperties()).isEqualTo(after.getFieldsV1().getAdditionalProperties());
            assertThat(after.getFieldsV1().getAdditionalProperties()).isEqualTo(before.getFieldsV1().getAdditionalProperties())
                    .hasSameHashCodeAs(before.getFieldsV1().getAdditionalProperties());
        }
    }

    @Test
    void fieldSetsAreCompactAndReadOnly() {
        GenericKubernetesResource compact = CompactObjects.compact(load("/live/deployment-live.json"));
        Map<String, Object> fields = compact.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();

        assertThat(fields).isInstanceOf(CompactTree.class).containsOnlyKeys("f:metadata", "f:spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) fields.get("f:spec");
        assertThat(spec.get("f:replicas")).isSameAs(Map.of()); // every empty leaf is the one empty map
        assertThat(spec).containsEntry("f:replicas", Map.of()).doesNotContainKey("f:status");
        assertThatThrownBy(() -> fields.put("f:status", Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> fields.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBodyLabelsAndAnnotationsAreCompactAndReadOnly() {
        GenericKubernetesResource compact = CompactObjects.compact(load("/live/deployment-live.json"));
        Map<String, Object> body = compact.getAdditionalProperties();
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) body.get("spec")).get("template");
        List<Object> containers = (List<Object>) ((Map<String, Object>) template.get("spec")).get("containers");

        assertThat(body).isInstanceOf(CompactTree.class).containsOnlyKeys("spec", "status");
        assertThat(compact.getMetadata().getLabels()).isInstanceOf(CompactTree.class)
                .containsEntry("plumbline.dev/environment", "env-000");
        assertThat(compact.getMetadata().getAnnotations()).isInstanceOf(CompactTree.class);
        assertThatThrownBy(() -> body.remove("status")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> containers.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> compact.getMetadata().getLabels().put("a", "b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void repeatedStringsAreShared() {
        ManagedFieldsEntry a = CompactObjects.compact(load("/live/deployment-live.json")).getMetadata().getManagedFields().get(1);
        ManagedFieldsEntry b = CompactObjects.compact(load("/live/deployment-live.json")).getMetadata().getManagedFields().get(1);

        assertThat(a.getManager()).isSameAs(b.getManager()).isEqualTo("plumbline-workload-simulator");
        assertThat(a.getSubresource()).isSameAs(b.getSubresource()).isEqualTo("status");
        assertThat(a.getOperation()).isSameAs(b.getOperation());
        GenericKubernetesResource c = CompactObjects.compact(load("/live/deployment-live.json"));
        GenericKubernetesResource d = CompactObjects.compact(load("/live/deployment-live.json"));
        assertThat(c.getApiVersion()).isSameAs(d.getApiVersion());
        assertThat(((Map<?, ?>) c.getAdditionalProperties().get("spec")).get("strategy").toString())
                .isEqualTo(((Map<?, ?>) d.getAdditionalProperties().get("spec")).get("strategy").toString());
        assertThat(c.getMetadata().getLabels().get("app.kubernetes.io/managed-by"))
                .isSameAs(d.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void theInformerStoreHoldsCompactObjects() {
        CompactObjects.Store store = new CompactObjects.Store();
        GenericKubernetesResource original = load("/live/deployment-live.json");

        assertThat(store.put(store.getKey(original), load("/live/deployment-live.json"))).isNull();
        GenericKubernetesResource held = store.get("env-000-00/app-00001");

        assertThat(held).isEqualTo(original);
        assertThat(held.getMetadata().getManagedFields().get(1).getFieldsV1().getAdditionalProperties())
                .isInstanceOf(CompactTree.class);
    }

    @Test
    void aLargeMapKeepsItsOrderAndStaysReadOnly() {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        for (int i = CompactTree.LINEAR + 4; i > 0; i--) {
            data.put("key-" + i, i % 2 == 0 ? "value-" + i : Map.of("nested", java.util.List.of(i)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> compact = (Map<String, Object>) CompactTree.of(data);

        assertThat(compact).isEqualTo(data).hasSameHashCodeAs(data);
        assertThat(List.copyOf(compact.keySet())).isEqualTo(List.copyOf(data.keySet()));
        assertThat(SERIALIZATION.asJson(compact)).isEqualTo(SERIALIZATION.asJson(data));
        assertThatThrownBy(() -> compact.put("key-0", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void objectsWithoutManagedFieldsStayAsTheyAre() {
        GenericKubernetesResource bare = new GenericKubernetesResource();
        assertThat(CompactObjects.compact(bare)).isSameAs(bare);
        assertThat(CompactObjects.compact(null)).isNull();
    }
}
