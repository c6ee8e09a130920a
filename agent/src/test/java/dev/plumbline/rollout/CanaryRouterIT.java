package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.Verdict;
import dev.plumbline.engine.Engine;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.Tracking;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.rollout.router.HttpRouteCrd;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A canary with {@code router: {httpRoute: web}} against a real API server: the HTTPRoute's weights follow the steps
 * exactly (the stable Service no longer reaches the canary's pods; a canary Service does), what the rollout holds is
 * never drift, and after promotion the live state is a plain sync of the revision.
 */
@ExtendWith(KubernetesExtension.class)
class CanaryRouterIT {

    TestCluster cluster;
    String ns;
    Engine engine;
    final Canary strategy = new Canary(kind -> RouterWeights.all().stream().filter(r -> r.kind().equals(kind)).findFirst());

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.ns = cluster.namespace();
        HttpRouteCrd.install(cluster.client());
        this.engine = new Engine(cluster.client(), new Discovery(cluster.client()), DiffOptions.defaults());
    }

    List<DesiredObject> revision(String image) {
        List<DesiredObject> out = new ArrayList<>();
        String yaml = YamlFixtures.text("rollout/canary-router-desired.yaml").replace("NS", ns).replace("IMAGE", image);
        for (Object doc : new Yaml().loadAll(yaml)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) doc;
            out.add(Tracking.stamp(new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body,
                    "environments/" + ns + "/app.yaml", 1), ns));
        }
        return out;
    }

    void plainSync(List<DesiredObject> objects) {
        objects.forEach(o -> cluster.client().resource(Normalizer.toResource(o.body())).fieldManager("plumbline")
                .forceConflicts().serverSideApply());
    }

    GenericKubernetesResource live(String apiVersion, String kind, String name) {
        return cluster.client().genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name).get();
    }

    void assertInSync(List<DesiredObject> objects) {
        for (DesiredObject o : objects) {
            var verdict = engine.diff(new DesiredInput(o.key(), o.apiVersion(), o.body()),
                    live(o.apiVersion(), o.kind(), o.name()), List.of(), ns);
            assertThat(verdict.status()).as("%s: %s", o.key(), verdict.changes()).isEqualTo(Verdict.InSync);
        }
    }

    @SuppressWarnings("unchecked")
    List<String> weights() {
        Map<String, Object> spec = (Map<String, Object>) live("gateway.networking.k8s.io/v1", "HTTPRoute", "web")
                .getAdditionalProperties().get("spec");
        List<Map<String, Object>> refs = (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("rules")).get(0).get("backendRefs");
        return refs.stream().map(r -> r.get("name") + "=" + r.get("weight")).toList();
    }

    @Nested
    class WithAnHttpRoute {

        @Test
        void trafficWeightsFollowTheStepsExactlyAndEndAsGitSays() {
            List<DesiredObject> v1 = revision("web:1");
            List<DesiredObject> v2 = revision("web:2");
            plainSync(v1);
            Rollout rollout = new Rollout("web", Rollout.Strategy.CANARY, "web", List.of(10, 50, 100), Duration.ofSeconds(1),
                    null, new Rollout.Router("httpRoute", "web"), new Rollout.Analysis(Rollout.PodHealth.defaults(), null, 20),
                    true, 3);
            RolloutTarget target = new RolloutTarget(ns, rollout, v2.get(0), v1.get(0), v2.get(1), cluster.client(),
                    Analyses.defaults(), new RouterWeights(dev.plumbline.rollout.router.RouterRef.Type.HTTP_ROUTE), v2);
            RolloutRecord[] record = {new RolloutRecord("web", ns, "canary", RolloutRecord.Phase.Progressing, 1, 10, "r1", "r2",
                    Instant.now(), 0, List.of(), null, false, null)};
            List<Integer> seen = new ArrayList<>();
            RolloutStrategy.Look[] look = new RolloutStrategy.Look[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                look[0] = strategy.look(target, record[0], Instant.now());
                record[0] = look[0].record();
                int weight = record[0].weight();
                assertThat(weights()).as("the route carries the step's weight").containsExactly("web=" + (100 - weight), "web-canary=" + weight);
                assertInSync(strategy.shape(target, record[0], v2).stream()
                        .filter(o -> !o.kind().equals("Deployment")).toList()); // the route as held is no drift
                if (seen.isEmpty() || seen.get(seen.size() - 1) != weight) {
                    seen.add(weight);
                }
                return look[0].verdict() == RolloutStrategy.Verdict.PROMOTE;
            });
            assertThat(seen).containsExactly(10, 50, 100);
            GenericKubernetesResource canaryService = live("v1", "Service", "web-canary");
            assertThat(canaryService.getMetadata().getLabels()).doesNotContainKey("plumbline.dev/environment");
            @SuppressWarnings("unchecked")
            Map<String, Object> podLabels = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    live("apps/v1", "Deployment", "web-canary").getAdditionalProperties().get("spec")).get("template")).get("metadata")).get("labels");
            assertThat(podLabels).as("the stable Service's selector does not reach the canary").doesNotContainKey("app")
                    .containsEntry("plumbline.dev/rollout-track", "canary");

            plainSync(v2); // the pipeline: promotion syncs the revision plainly, then cleans up
            strategy.cleanUp(target, record[0]);
            await().atMost(Duration.ofSeconds(10)).until(() -> live("v1", "Service", "web-canary") == null
                    && live("apps/v1", "Deployment", "web-canary") == null);
            assertInSync(v2);
            assertThat(weights()).containsExactly("web=null");
        }
    }
}
