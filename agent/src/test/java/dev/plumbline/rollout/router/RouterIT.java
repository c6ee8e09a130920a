package dev.plumbline.rollout.router;

import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.engine.Engine;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.Tracking;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The routers against a real API server: Gateway API HTTPRoute weights (a small HTTPRoute CRD of this test's own,
 * apiextensions.k8s.io/v1) and an ingress-nginx canary Ingress (networking.k8s.io/v1). Weights follow a canary's steps
 * one write each, what the rollout holds is not drift, and the end state is what Git renders.
 */
@ExtendWith(KubernetesExtension.class)
class RouterIT {

    private static final List<Integer> STEPS = List.of(10, 50, 100);

    TestCluster cluster;
    String ns;
    Engine engine;
    List<DesiredObject> git;
    final List<Watch> watches = new ArrayList<>();

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.ns = cluster.namespace();
        HttpRouteCrd.install(cluster.client());
        this.engine = new Engine(cluster.client(), new Discovery(cluster.client()), DiffOptions.defaults());
        this.git = TrafficRouterTest.rendered(ns).stream().map(o -> Tracking.stamp(o, ns)).toList();
        git.forEach(o -> cluster.client().resource(Normalizer.toResource(o.body())).fieldManager("plumbline")
                .forceConflicts().serverSideApply());
    }

    @AfterEach
    void tearDown() {
        watches.forEach(Watch::close);
    }


    private DesiredObject object(String kind) {
        return git.stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow();
    }

    private TrafficRouting routing(RouterRef.Type type) {
        TrafficRouter router = new RouterRef(type, "orders").router(ns, "orders-api", "orders-api-canary", ns, "orders-api", git);
        return new TrafficRouting(router, new ClientRouterWrites(cluster.client(), "plumbline"), OptionalInt.of(0));
    }

    private GenericKubernetesResource live(String apiVersion, String kind, String name) {
        return cluster.client().genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name).get();
    }

    /**
     * Counts the watch events of one object from now on: one per write. The watch's first event of an existing object
     * is its ADDED state, not a write, so for those only MODIFIED counts.
     */
    private AtomicInteger writesTo(String apiVersion, String kind, String name, boolean exists) {
        AtomicInteger writes = new AtomicInteger();
        watches.add(cluster.client().genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        if (!exists || action == Action.MODIFIED) {
                            writes.incrementAndGet();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                }));
        return writes;
    }

    private DriftEntry diff(DesiredObject desired) {
        GenericKubernetesResource live = live(desired.apiVersion(), desired.kind(), desired.name());
        return engine.diff(new DesiredInput(desired.key(), desired.apiVersion(), desired.body()), live, List.of(), ns);
    }

    @SuppressWarnings("unchecked")
    private List<Object> weights(int rule) {
        Map<String, Object> spec = (Map<String, Object>) live("gateway.networking.k8s.io/v1", "HTTPRoute", "orders")
                .getAdditionalProperties().get("spec");
        List<Map<String, Object>> refs = (List<Map<String, Object>>) ((List<Map<String, Object>>) spec.get("rules")).get(rule).get("backendRefs");
        return refs.stream().map(r -> (Object) (r.get("name") + "=" + r.get("weight"))).toList();
    }

    @Nested
    class GatewayApiHttpRoute {

        @Test
        void weightsFollowTheStepsOneWriteEachAreNotDriftWhileHeldAndEndAsGitSays() {
            TrafficRouting routing = routing(RouterRef.Type.HTTP_ROUTE);
            AtomicInteger writes = writesTo("gateway.networking.k8s.io/v1", "HTTPRoute", "orders", true);
            int expected = 0;
            for (int weight : STEPS) {
                assertThat(routing.route(weight)).isTrue();
                assertThat(routing.route(weight)).as("a weight already written is not written again").isFalse();
                int want = ++expected;
                await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() >= want);
                assertThat(writes.get()).as("step %s%% is one write", weight).isEqualTo(want);
                assertThat(weights(0)).containsExactly("orders-api=" + (100 - weight), "orders-api-canary=" + weight);
                assertThat(weights(1)).as("the other rule as Git wrote it").containsExactly("static-files=null");
                RouterWrite.Apply held = (RouterWrite.Apply) routing.router().weighted(weight);
                assertThat(diff(held.object()).status()).as("what the rollout holds is InSync (no drift)").isEqualTo(Verdict.InSync);
                assertThat(diff(object("HTTPRoute")).status()).as("Git's route alone would see the weights").isEqualTo(Verdict.Modified);
            }
            routing.restore();
            int want = ++expected;
            await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() >= want);
            assertThat(diff(object("HTTPRoute")).status()).as("after the rollout: as Git says").isEqualTo(Verdict.InSync);
            assertThat(weights(0)).containsExactly("orders-api=null");
        }
    }

    @Nested
    class IngressNginx {

        @Test
        void aCanaryIngressCarriesTheWeightsOneWriteEachAndIsGoneAfterwardsWhileTheStableIngressIsNeverWritten() {
            TrafficRouting routing = routing(RouterRef.Type.INGRESS_NGINX);
            String stableVersion = live("networking.k8s.io/v1", "Ingress", "orders").getMetadata().getResourceVersion();
            AtomicInteger writes = writesTo("networking.k8s.io/v1", "Ingress", "orders-canary", false);
            int expected = 0;
            for (int weight : STEPS) {
                assertThat(routing.route(weight)).isTrue();
                int want = ++expected;
                await().atMost(Duration.ofSeconds(5)).until(() -> writes.get() >= want);
                assertThat(writes.get()).as("step %s%% is one write", weight).isEqualTo(want);
                GenericKubernetesResource canary = live("networking.k8s.io/v1", "Ingress", "orders-canary");
                assertThat(canary.getMetadata().getAnnotations())
                        .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
                        .containsEntry("nginx.ingress.kubernetes.io/canary-weight", String.valueOf(weight));
                assertThat(canary.getMetadata().getLabels()).doesNotContainKey("plumbline.dev/environment")
                        .containsEntry("plumbline.dev/rollout", "orders-api");
            }
            routing.restore();
            await().atMost(Duration.ofSeconds(10)).until(() -> live("networking.k8s.io/v1", "Ingress", "orders-canary") == null);
            assertThat(live("networking.k8s.io/v1", "Ingress", "orders").getMetadata().getResourceVersion())
                    .as("the stable Ingress was never written").isEqualTo(stableVersion);
            assertThat(diff(object("Ingress")).status()).isEqualTo(Verdict.InSync);
        }
    }
}
