package dev.plumbline.diff;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DesiredHash#claim}: what a persisted verdict holds for (decision 0047). */
class DesiredHashClaimTest {

    private static Map<String, Object> entry(String manager, String time, Map<String, Object> fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("manager", manager);
        e.put("operation", manager.equals("plumbline") ? "Apply" : "Update");
        e.put("apiVersion", "v1");
        e.put("time", time);
        e.put("fieldsType", "FieldsV1");
        e.put("fieldsV1", fields);
        return e;
    }

    private static Map<String, Object> object(String value, String resourceVersion, List<Map<String, Object>> managed) {
        Map<String, Object> meta = new LinkedHashMap<>(Map.of("name", "a", "namespace", "shop", "uid", "u-1",
                "resourceVersion", resourceVersion));
        meta.put("managedFields", new ArrayList<>(managed));
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("apiVersion", "v1");
        o.put("kind", "ConfigMap");
        o.put("metadata", meta);
        o.put("data", new LinkedHashMap<>(Map.of("a", value)));
        o.put("status", new LinkedHashMap<>(Map.of("observed", resourceVersion)));
        return o;
    }

    private static final Map<String, Object> DATA = Map.of("f:data", Map.of("f:a", Map.of()));

    @Test
    void aStatusWriteAndTimestampsLeaveTheClaimAsItWas() {
        String before = DesiredHash.claim(object("x", "7", List.of(entry("plumbline", "t1", DATA))));
        String after = DesiredHash.claim(object("x", "9", List.of(entry("plumbline", "t1", DATA),
                entry("controller", "t2", Map.of("f:status", Map.of("f:observed", Map.of()))))));
        assertThat(after).isEqualTo(before);
        assertThat(DesiredHash.claim(object("x", "9", List.of(entry("plumbline", "t5", DATA))))).isEqualTo(before);
    }

    @Test
    void contentOrFieldOwnershipChangesTheClaim() {
        String before = DesiredHash.claim(object("x", "7", List.of(entry("plumbline", "t1", DATA))));
        assertThat(DesiredHash.claim(object("y", "7", List.of(entry("plumbline", "t1", DATA))))).isNotEqualTo(before);
        assertThat(DesiredHash.claim(object("x", "8", List.of(entry("plumbline", "t1", DATA),
                entry("kubectl-edit", "t2", DATA))))).as("another manager co-owns a field").isNotEqualTo(before);
        assertThat(DesiredHash.claim(object("x", "8", List.of(entry("kubectl-edit", "t2", DATA)))))
                .as("Plumbline no longer owns it").isNotEqualTo(before);
    }
}
