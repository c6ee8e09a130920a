package dev.plumbline.rollout;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.PolicyParser;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.YamlFixtures;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The render-time checks of blue-green and routers: file:line errors of {@code plumbline.yaml}, nothing applied. */
class RolloutChecksTest {

    private static final String FILE = "environments/prod/plumbline.yaml";

    private static List<DesiredObject> rendered(String fixture, String... extra) {
        List<DesiredObject> out = new ArrayList<>();
        String yaml = YamlFixtures.text("rollout/" + fixture + ".yaml").replace("NS", "shop").replace("IMAGE", "web:2")
                .replace("SIMULATE", "ok") + String.join("", extra);
        for (Object doc : new Yaml().loadAll(yaml)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) doc;
            out.add(new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body, "environments/prod/app.yaml", 1));
        }
        return out;
    }

    private static List<String> problems(String policy, List<DesiredObject> objects) {
        EnvironmentPolicy parsed = PolicyParser.parse(FILE, policy);
        return RolloutChecks.problems(FILE, parsed, objects, Strategies.defaults()).stream().map(RenderProblem::toString).toList();
    }

    @Test
    void blueGreenIsAcceptedAndARenderedPreviewNameIsAnError() {
        String policy = """
                namespace: shop
                rollouts:
                  web:
                    strategy: blueGreen
                    service: web
                    scaleDownDelay: 5s
                """;
        assertThat(problems(policy, rendered("bluegreen-desired"))).isEmpty();
        assertThat(problems(policy, rendered("bluegreen-desired", """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web-preview, namespace: shop}
                """))).containsExactly(FILE + ":3: rollouts.web: Deployment/shop/web-preview is rendered, but the rollout "
                + "creates that name for the new version");
    }

    @Test
    void aRouterNamingWhatIsNotRenderedOrNotRoutingToTheServiceIsAnErrorAtTheRolloutsLine() {
        String policy = """
                namespace: shop
                rollouts:
                  web:
                    strategy: canary
                    service: web
                    steps: [10, 100]
                    router: {httpRoute: %s}
                """;
        List<DesiredObject> objects = rendered("canary-router-desired");
        assertThat(problems(policy.formatted("web"), objects)).isEmpty();
        assertThat(problems(policy.formatted("webb"), objects)).containsExactly(FILE
                + ":3: rollouts.web.router.httpRoute: HTTPRoute/shop/webb is not rendered in this environment");
        assertThat(problems(policy.replace("{httpRoute: %s}", "{ingressNginx: web}"), objects)).containsExactly(FILE
                + ":3: rollouts.web.router.ingressNginx: Ingress/shop/web is not rendered in this environment");
        assertThat(problems(policy.formatted("web"), rendered("canary-router-desired", """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web-canary, namespace: shop}
                spec: {selector: {app: web}}
                """))).containsExactly(FILE + ":3: rollouts.web: Service/shop/web-canary is rendered, but the rollout "
                + "creates that name for the router's canary");
    }
}
