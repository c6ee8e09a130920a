package dev.plumbline.diff;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DriftEntryJsonTest {

    @Test
    void jsonShapeOfTheHttpApi() throws Exception {
        ChangedBy set = new ChangedBy("kubectl-set", "Update", null, "2024-05-02T09:14:03Z");
        FieldChange change = new FieldChange("/spec/template/spec/containers/0/image",
                "spec.template.spec.containers[name=api].image", "x:1.2", "x:1.3", set);
        DriftEntry entry = DriftEntry.ofChanges(ResourceKey.of("apps", "Deployment", "shop", "orders-api"), "apps/v1",
                List.of(change, change.withValues("a", "b")), "m");

        String json = new ObjectMapper().writeValueAsString(entry);

        assertThat(json).isEqualTo("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"namespace\":\"shop\","
                + "\"name\":\"orders-api\",\"status\":\"Modified\",\"changes\":["
                + "{\"path\":\"/spec/template/spec/containers/0/image\","
                + "\"field\":\"spec.template.spec.containers[name=api].image\",\"desired\":\"x:1.2\",\"live\":\"x:1.3\","
                + "\"changedBy\":{\"manager\":\"kubectl-set\",\"operation\":\"Update\",\"subresource\":null,"
                + "\"time\":\"2024-05-02T09:14:03Z\"}},"
                + "{\"path\":\"/spec/template/spec/containers/0/image\","
                + "\"field\":\"spec.template.spec.containers[name=api].image\",\"desired\":\"a\",\"live\":\"b\","
                + "\"changedBy\":{\"manager\":\"kubectl-set\",\"operation\":\"Update\",\"subresource\":null,"
                + "\"time\":\"2024-05-02T09:14:03Z\"}}],"
                + "\"changedBy\":[{\"manager\":\"kubectl-set\",\"operation\":\"Update\",\"subresource\":null,"
                + "\"time\":\"2024-05-02T09:14:03Z\"}],\"message\":\"m\"}");
        assertThat(entry.key()).hasToString("Deployment/shop/orders-api");
        assertThat(new ObjectMapper().readValue(json, DriftEntry.class)).isEqualTo(entry);
    }

    @Test
    void verdictWordsAndUnknown() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (Verdict v : Verdict.values()) {
            assertThat(json.writeValueAsString(v)).isEqualTo("\"" + v.name() + "\"");
        }
        assertThat(json.writeValueAsString(List.of(Verdict.InSync, Verdict.Orphaned)))
                .isEqualTo("[\"InSync\",\"Orphaned\"]");
        assertThat(ChangedBy.UNKNOWN.manager()).isEqualTo("unknown");
        assertThat(ChangedBy.UNKNOWN.known()).isFalse();
        assertThat(DriftEntry.ofChanges(ResourceKey.of("", "ConfigMap", "a", "b"), "v1", List.of(), null).status())
                .isEqualTo(Verdict.InSync);
    }
}
