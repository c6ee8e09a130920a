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
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Blue-green lifecycle stories against a real API server, the workload simulator playing the controllers: the strategy
 * is driven look by look as the pipeline drives it, and every end state is compared with a plain sync of the revision
 * by the engine's own diff (a server-side dry-run).
 */
@ExtendWith(KubernetesExtension.class)
class BlueGreenIT {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration SCALE_DOWN_DELAY = Duration.ofSeconds(2);

    TestCluster cluster;
    Engine engine;
    String ns;
    final BlueGreen strategy = new BlueGreen();
    final AtomicInteger serviceWrites = new AtomicInteger();
    Watch serviceWatch;

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.ns = cluster.namespace();
        this.engine = new Engine(cluster.client(), new Discovery(cluster.client()), DiffOptions.defaults());
    }

    @AfterEach
    void tearDown() {
        if (serviceWatch != null) {
            serviceWatch.close();
        }
    }

    /** The objects of one revision, stamped as the render stamps them. */
    List<DesiredObject> revision(String image, boolean fail) {
        String yaml = YamlFixtures.text("rollout/bluegreen-desired.yaml").replace("NS", ns).replace("IMAGE", image)
                .replace("SIMULATE", fail ? "fail" : "ok");
        List<DesiredObject> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) doc;
            out.add(Tracking.stamp(new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body,
                    "environments/" + ns + "/app.yaml", 1), ns));
        }
        return out;
    }

    /** A plain sync of the objects: forced server-side apply as Plumbline; waits for the Deployment to roll out. */
    void plainSync(List<DesiredObject> objects) {
        objects.forEach(o -> cluster.client().resource(Normalizer.toResource(o.body())).fieldManager("plumbline")
                .forceConflicts().serverSideApply());
        await().atMost(Duration.ofSeconds(20)).until(() -> deployment("web").getStatus() != null
                && Integer.valueOf(2).equals(deployment("web").getStatus().getAvailableReplicas())
                && deployment("web").getStatus().getObservedGeneration().equals(deployment("web").getMetadata().getGeneration()));
    }

    RolloutTarget target(List<DesiredObject> next, List<DesiredObject> stable) {
        Rollout rollout = new Rollout("web", Rollout.Strategy.BLUE_GREEN, "web", List.of(), INTERVAL, SCALE_DOWN_DELAY,
                null, new Rollout.Analysis(Rollout.PodHealth.defaults(), null, 20), true, 3);
        return new RolloutTarget(ns, rollout, next.get(0), stable.get(0), next.get(1), cluster.client(),
                Analyses.defaults(), null);
    }

    RolloutRecord started() {
        return new RolloutRecord("web", ns, "blueGreen", RolloutRecord.Phase.Progressing, 1, 100, "r1", "r2", // as the pipeline starts it
                Instant.now(), 0, List.of(), null, false, Instant.now());
    }

    /** Looks every 250 ms, as the schedule would, until a look's verdict is {@code wanted}. */
    RolloutStrategy.Look drive(RolloutTarget target, RolloutRecord[] record, Predicate<RolloutStrategy.Look> wanted) {
        RolloutStrategy.Look[] last = new RolloutStrategy.Look[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = strategy.look(target, record[0], Instant.now());
            record[0] = last[0].record();
            return wanted.test(last[0]);
        });
        return last[0];
    }

    Deployment deployment(String name) {
        return cluster.client().apps().deployments().inNamespace(ns).withName(name).get();
    }

    Map<String, String> serviceSelector() {
        return cluster.client().services().inNamespace(ns).withName("web").get().getSpec().getSelector();
    }

    String image(String name) {
        return deployment(name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    void countServiceWrites() {
        serviceWatch = cluster.client().services().inNamespace(ns).withName("web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Service service) {
                if (action == Action.MODIFIED) {
                    serviceWrites.incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** Every object is InSync with what a plain sync of {@code objects} would leave (the engine's dry-run diff). */
    void assertPlainSyncOf(List<DesiredObject> objects) {
        for (DesiredObject o : objects) {
            var live = cluster.client().genericKubernetesResources(o.apiVersion(), o.kind()).inNamespace(ns)
                    .withName(o.name()).get();
            var verdict = engine.diff(new DesiredInput(o.key(), o.apiVersion(), o.body()), live, List.of(), ns);
            assertThat(verdict.status()).as("%s: %s", o.key(), verdict.changes()).isEqualTo(Verdict.InSync);
        }
        assertThat(deployment("web-preview")).as("no preview left").isNull();
    }

    /** What the rollout shapes is what is live: nothing it changed is drift. */
    void assertShapeIsLive(RolloutTarget target, RolloutRecord record, List<DesiredObject> next) {
        for (DesiredObject o : strategy.shape(target, record, next)) {
            var live = cluster.client().genericKubernetesResources(o.apiVersion(), o.kind()).inNamespace(ns)
                    .withName(o.name()).get();
            var verdict = engine.diff(new DesiredInput(o.key(), o.apiVersion(), o.body()), live, List.of(), ns);
            assertThat(verdict.status()).as("%s: %s", o.key(), verdict.changes()).isEqualTo(Verdict.InSync);
        }
    }

    @Nested
    class SwitchAndSwitchBack {

        @Test
        void thePreviewIsJudgedUnreachedThenTheServiceSwitchesInOneWriteAndAbortSwitchesBackInOne() {
            List<DesiredObject> v1 = revision("web:1", false);
            List<DesiredObject> v2 = revision("web:2", false);
            plainSync(v1);
            countServiceWrites();
            RolloutTarget target = target(v2, v1);
            RolloutRecord[] record = {started()};

            RolloutStrategy.Look first = drive(target, record, l -> true);
            assertThat(first.verdict()).isEqualTo(RolloutStrategy.Verdict.HOLD);
            assertThat(image("web-preview")).isEqualTo("web:2");
            assertThat(serviceSelector()).as("the preview is not reached before the switch").isEqualTo(Map.of("app", "web"));
            assertThat(deployment("web-preview").getSpec().getTemplate().getMetadata().getLabels())
                    .doesNotContainKey("app").containsEntry("tier", "front").containsEntry("plumbline.dev/rollout-track", "preview");

            RolloutStrategy.Look switched = drive(target, record, l -> l.verdict() == RolloutStrategy.Verdict.ADVANCED);
            assertThat(switched.record().step()).isEqualTo(BlueGreen.SWITCHED);
            assertThat(switched.record().message()).startsWith("switched (100%)");
            await().atMost(Duration.ofSeconds(5)).until(() -> serviceWrites.get() >= 1);
            assertThat(serviceWrites.get()).as("the switch is one write").isEqualTo(1);
            assertThat(serviceSelector()).isEqualTo(Map.of("plumbline.dev/rollout", "web", "plumbline.dev/rollout-track", "preview"));
            assertThat(image("web")).as("the old version stays").isEqualTo("web:1");
            assertThat(deployment("web").getSpec().getReplicas()).as("… scaled").isEqualTo(2);
            assertShapeIsLive(target, record[0], v2);

            strategy.cleanUp(target, record[0]); // abort: the pipeline rolls back through cleanUp
            await().atMost(Duration.ofSeconds(5)).until(() -> serviceWrites.get() >= 2);
            assertThat(serviceWrites.get()).as("switching back is one write").isEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment("web-preview") == null);
            assertPlainSyncOf(v1);
        }
    }

    @Nested
    class FailedPreview {

        @Test
        void aPreviewThatFailsAnalysisRollsBackWithoutTheServiceEverSwitching() {
            List<DesiredObject> v1 = revision("web:1", false);
            List<DesiredObject> v2 = revision("web:2", true);
            plainSync(v1);
            countServiceWrites();
            RolloutTarget target = target(v2, v1);
            RolloutRecord[] record = {started()};

            RolloutStrategy.Look failed = drive(target, record, l -> l.verdict() != RolloutStrategy.Verdict.HOLD);
            assertThat(failed.verdict()).isEqualTo(RolloutStrategy.Verdict.ROLL_BACK);
            assertThat(failed.record().message()).startsWith("preview (0%): podHealth: ");
            assertThat(failed.record().analysis()).extracting(RolloutRecord.Check::passed).containsExactly(false);

            strategy.cleanUp(target, failed.record());
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment("web-preview") == null);
            assertThat(serviceWrites.get()).as("the Service never moved").isZero();
            assertPlainSyncOf(v1);
        }
    }

    @Nested
    class ScaleDownDelay {

        @Test
        void afterTheDelayTheStableDeploymentTakesTheNewVersionAndTheEndStateIsAPlainSyncOfIt() {
            List<DesiredObject> v1 = revision("web:1", false);
            List<DesiredObject> v2 = revision("web:2", false);
            plainSync(v1);
            RolloutTarget target = target(v2, v1);
            RolloutRecord[] record = {started()};

            drive(target, record, l -> l.record().step() == BlueGreen.SWITCHED);
            Instant switchedAt = record[0].stepStartedAt();
            RolloutStrategy.Look finishing = drive(target, record, l -> l.record().step() == BlueGreen.FINISHING);
            assertThat(Duration.between(switchedAt, finishing.record().stepStartedAt())).isGreaterThanOrEqualTo(SCALE_DOWN_DELAY);
            assertThat(serviceSelector()).as("the preview serves while the stable Deployment rolls")
                    .containsEntry("plumbline.dev/rollout-track", "preview");
            assertThat(image("web")).isEqualTo("web:2");
            assertShapeIsLive(target, record[0], v2);

            RolloutStrategy.Look promoted = drive(target, record, l -> l.verdict() == RolloutStrategy.Verdict.PROMOTE);
            assertThat(promoted.record().message()).contains("runs the new version, promoting");
            strategy.cleanUp(target, promoted.record());
            await().atMost(Duration.ofSeconds(10)).until(() -> deployment("web-preview") == null);
            assertPlainSyncOf(v2);
            assertThat(serviceSelector()).isEqualTo(Map.of("app", "web"));
        }
    }
}
