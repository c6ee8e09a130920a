package dev.plumbline.rollout.router;

import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.YamlFixtures;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each router writes per weight, and the checks of a {@code router:} against the render; pure. */
class TrafficRouterTest {

    static List<DesiredObject> rendered(String namespace) {
        List<DesiredObject> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(YamlFixtures.text("rollout/router-desired.yaml").replace("NS", namespace))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) doc;
            out.add(new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body,
                    "environments/prod/" + body.get("kind") + ".yaml", 1));
        }
        return out;
    }

    private static TrafficRouter router(RouterRef.Type type) {
        return new RouterRef(type, "orders").router("shop", "orders-api", "orders-api-canary", "prod", "orders-api",
                rendered("shop"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> refs(RouterWrite write, int rule) {
        Map<String, Object> spec = (Map<String, Object>) ((RouterWrite.Apply) write).object().body().get("spec");
        return (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("rules")).get(rule).get("backendRefs");
    }

    @Test
    void anHttpRouteSplitsTheStableRefAndLeavesOtherRulesAsGitWroteThem() {
        TrafficRouter router = router(RouterRef.Type.HTTP_ROUTE);
        RouterWrite ten = router.weighted(10);
        assertThat(refs(ten, 0)).containsExactly(
                Map.of("name", "orders-api", "port", 80, "weight", 90L),
                Map.of("name", "orders-api-canary", "port", 80, "weight", 10L));
        assertThat(refs(ten, 1)).containsExactly(Map.of("name", "static-files", "port", 80));
        assertThat(refs(router.weighted(100), 0)).extracting(r -> r.get("weight")).containsExactly(0L, 100L);
        DesiredObject git = rendered("shop").get(1);
        assertThat(router.weighted(0)).isEqualTo(new RouterWrite.Apply(git));
        assertThat(router.restore()).isEqualTo(new RouterWrite.Apply(git));
        assertThat(git.body()).as("Git's object is not changed by a weight").isEqualTo(rendered("shop").get(1).body());
        assertThat(router.owned()).containsExactly(new TrafficRouter.OwnedFields(git.key(), List.of("/spec/rules")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void ingressNginxWritesACanaryIngressForTheStablePathsAndDeletesItAtZero() {
        IngressNginxRouter router = (IngressNginxRouter) router(RouterRef.Type.INGRESS_NGINX);
        DesiredObject canary = ((RouterWrite.Apply) router.weighted(25)).object();
        assertThat(canary.key()).isEqualTo(ResourceKey.of("networking.k8s.io", "Ingress", "shop", "orders-canary"));
        Map<String, Object> meta = canary.metadata();
        assertThat((Map<String, Object>) meta.get("annotations")).containsEntry(IngressNginxRouter.CANARY, "true")
                .containsEntry(IngressNginxRouter.CANARY_WEIGHT, "25")
                .doesNotContainKey("nginx.ingress.kubernetes.io/proxy-body-size");
        assertThat((Map<String, Object>) meta.get("labels")).doesNotContainKey("plumbline.dev/environment")
                .containsEntry(IngressNginxRouter.ROLLOUT_OF_LABEL, "prod")
                .containsEntry(IngressNginxRouter.ROLLOUT_LABEL, "orders-api");
        Map<String, Object> spec = (Map<String, Object>) canary.body().get("spec");
        assertThat(spec).containsEntry("ingressClassName", "nginx").doesNotContainKey("tls");
        assertThat(spec.get("rules")).isEqualTo(List.of(Map.of("host", "orders.example.com", "http", Map.of("paths",
                List.of(Map.of("path", "/api", "pathType", "Prefix", "backend",
                        Map.of("service", Map.of("name", "orders-api-canary", "port", Map.of("number", 80)))))))));
        RouterWrite delete = new RouterWrite.Delete(router.canaryKey(), "networking.k8s.io/v1");
        assertThat(router.weighted(0)).isEqualTo(delete);
        assertThat(router.restore()).isEqualTo(delete);
        assertThat(router.owned()).isEmpty();
    }

    @Test
    void aRouterNamingWhatIsNotRenderedOrNotRoutingToTheServiceIsAProblem() {
        List<DesiredObject> rendered = rendered("shop");
        assertThat(new RouterRef(RouterRef.Type.HTTP_ROUTE, "orders").problem("shop", "orders-api", rendered)).isEmpty();
        assertThat(new RouterRef(RouterRef.Type.HTTP_ROUTE, "ordrs").problem("shop", "orders-api", rendered))
                .contains("router.httpRoute: HTTPRoute/shop/ordrs is not rendered in this environment");
        assertThat(new RouterRef(RouterRef.Type.INGRESS_NGINX, "orders").problem("shop", "payments", rendered))
                .contains("router.ingressNginx: Ingress/shop/orders sends no traffic to Service/shop/payments");
        assertThatThrownBy(() -> new RouterRef(RouterRef.Type.INGRESS_NGINX, "nope")
                .router("shop", "orders-api", "orders-api-canary", "prod", "orders-api", rendered))
                .isInstanceOf(RouterException.class)
                .hasMessage("rollout orders-api router check failed: router.ingressNginx: Ingress/shop/nope is not rendered in this environment");
        assertThat(RouterRef.Type.ofKey("httpRoute")).contains(RouterRef.Type.HTTP_ROUTE);
        assertThat(RouterRef.Type.ofKey("istio")).isEmpty();
    }

    @Test
    void routingWritesOncePerWeightChangeAndAgainAfterAFailedWrite() {
        List<RouterWrite> written = new ArrayList<>();
        boolean[] refuse = {false};
        TrafficRouting routing = new TrafficRouting(router(RouterRef.Type.HTTP_ROUTE), w -> {
            if (refuse[0]) {
                throw new RouterException("HTTPRoute/shop/orders apply failed: refused");
            }
            written.add(w);
        }, OptionalInt.empty());
        assertThat(routing.route(10)).isTrue();
        assertThat(routing.route(10)).isFalse();
        assertThat(routing.route(50)).isTrue();
        refuse[0] = true;
        assertThatThrownBy(() -> routing.route(100)).isInstanceOf(RouterException.class);
        assertThat(routing.weight()).isEmpty();
        refuse[0] = false;
        assertThat(routing.route(50)).as("after a failed write the live weight is unknown").isTrue();
        routing.restore();
        assertThat(written).hasSize(4);
        assertThat(routing.weight()).hasValue(0);
        assertThatThrownBy(() -> routing.route(101)).isInstanceOf(IllegalArgumentException.class);
    }
}
