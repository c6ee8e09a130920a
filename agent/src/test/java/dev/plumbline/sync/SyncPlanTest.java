package dev.plumbline.sync;

import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Apply order from fixtures: {@code sync/<case>-desired.yaml} planned must print as {@code sync/<case>-expected.txt}. */
class SyncPlanTest {

    @ParameterizedTest
    @ValueSource(strings = {"kinds", "waves", "verdicts"})
    void ordersAsTheFixtureSays(String fixture) throws IOException {
        List<DesiredObject> desired = desired(read(fixture + "-desired.yaml"));

        SyncPlan plan = SyncPlan.of(desired, verdicts(desired));

        assertThat(print(plan)).isEqualTo(read(fixture + "-expected.txt").strip());
    }

    @Test
    void everyDesiredObjectHasAPlaceInTheOrder() throws IOException {
        List<DesiredObject> desired = desired(read("kinds-desired.yaml"));

        SyncPlan plan = SyncPlan.of(desired, Map.of());

        assertThat(plan.order()).hasSize(desired.size()).startsWith(ResourceKey.of("", "Namespace", null, "shop"))
                .endsWith(ResourceKey.of("networking.k8s.io", "Ingress", "shop", "web"));
        assertThat(plan.waveCount()).isEqualTo(3);
    }

    @Test
    void pruneRunsInReverse() {
        List<InventoryEntry> orphans = List.of(InventoryEntry.of("v1", "Namespace", null, "shop"),
                InventoryEntry.of("v1", "ConfigMap", "shop", "settings"),
                InventoryEntry.of("networking.k8s.io/v1", "Ingress", "shop", "web"),
                InventoryEntry.of("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "widgets.example.com"),
                InventoryEntry.of("apps/v1", "Deployment", "shop", "web"),
                InventoryEntry.of("rbac.authorization.k8s.io/v1", "ClusterRole", null, "reader"));

        assertThat(SyncPlan.pruneOrder(orphans)).extracting(e -> e.key().toString()).containsExactly(
                "Ingress/shop/web", "Deployment/shop/web", "ConfigMap/shop/settings", "ClusterRole/reader",
                "CustomResourceDefinition/widgets.example.com", "Namespace/shop");
    }

    static String print(SyncPlan plan) {
        List<String> lines = new ArrayList<>();
        for (SyncPlan.Step step : plan.steps()) {
            lines.add((step.wave() + 1) + " " + step.label() + " | " + step.description() + " | " + step.objects().stream()
                    .map(p -> p.object().key().toString()).collect(Collectors.joining(", ")));
        }
        plan.decided().forEach(e -> lines.add(e.toString()));
        return String.join("\n", lines);
    }

    @SuppressWarnings("unchecked")
    static List<DesiredObject> desired(String yaml) {
        List<DesiredObject> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            Map<String, Object> body = (Map<String, Object>) doc;
            out.add(new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body, "fixture.yaml", 1));
        }
        return out;
    }

    private static Map<ResourceKey, DriftEntry> verdicts(List<DesiredObject> desired) {
        Map<ResourceKey, DriftEntry> verdicts = new HashMap<>();
        for (DesiredObject o : desired) {
            String verdict = o.annotation("test.plumbline.dev/verdict");
            if (verdict != null) {
                verdicts.put(o.key(), DriftEntry.of(o.key(), o.apiVersion(), Verdict.valueOf(verdict), "verdict " + verdict));
            }
        }
        return verdicts;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(SyncPlanTest.class.getResourceAsStream("/sync/" + name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
