package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, blue-green through the pipeline, as lifecycle stories against a real API server and real Git: a new pod
 * template runs in {@code web-preview} unreached by the Service, is judged, the Service switches, the old version stays
 * for {@code scaleDownDelay} (abort switches back), and the end state is a plain sync. The workload simulator plays the
 * controllers (and fails templates annotated {@code plumbline.dev/simulate: fail}).
 */
@ExtendWith(KubernetesExtension.class)
class BlueGreenRolloutIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();
    final RolloutStory story = new RolloutStory(it);

    private String commit(String scaleDownDelay, String image, String annotations, String message) {
        return story.commit("    strategy: blueGreen\n    service: web\n    interval: 1s\n    scaleDownDelay: " + scaleDownDelay + "\n",
                image, annotations, message);
    }

    private Deployment deployment(String name) {
        return story.deployment(name);
    }

    private static String image(Deployment d) {
        return RolloutStory.image(d);
    }

    private Map<String, String> selector() {
        return it.cluster.client().services().inNamespace(it.env).withName("web").get().getSpec().getSelector();
    }

    /** Cycles until the rollout's record satisfies {@code until}; every report on the way shows no drift. */
    private RolloutRecord cycleUntil(Reconciler agent, Predicate<RolloutRecord> until) {
        return story.cycleUntil(agent, Duration.ofSeconds(40), until);
    }

    private void assertPlainSyncOf(String image) {
        await().atMost(Duration.ofSeconds(10)).until(() -> deployment("web-preview") == null);
        assertThat(image(deployment("web"))).isEqualTo(image);
        assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(2);
        assertThat(selector()).as("the Service's selector as in Git").isEqualTo(Map.of("app", "web"));
    }

    @Nested
    class SwitchAndSwitchBack {

        @Test
        void thePreviewIsJudgedTheServiceSwitchesAndAbortSwitchesBackToTheOldVersion() {
            commit("60s", "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);
            String b = commit("60s", "web:2", "{}", "B");

            agent.cycle(it.env, Trigger.POLL);
            RolloutRecord started = story.web(agent);
            assertThat(started.active()).isTrue();
            assertThat(started.strategy()).isEqualTo("blueGreen");
            assertThat(image(deployment("web-preview"))).isEqualTo("web:2");
            assertThat(selector()).as("the preview is not reached before the switch").isEqualTo(Map.of("app", "web"));

            RolloutRecord switched = cycleUntil(agent, r -> r.step() == 2);
            assertThat(switched.weight()).isEqualTo(100);
            assertThat(selector()).isEqualTo(Map.of("plumbline.dev/rollout", "web", "plumbline.dev/rollout-track", "preview"));
            assertThat(image(deployment("web"))).as("the old version stays").isEqualTo("web:1");
            assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(2);

            agent.rolloutControl().decide(it.env, "web", false); // abort
            RolloutRecord aborted = story.web(agent);
            assertThat(aborted.phase()).isEqualTo(RolloutRecord.Phase.RolledBack);
            assertThat(selector()).as("switched back").isEqualTo(Map.of("app", "web"));
            assertPlainSyncOf("web:1");
            EnvironmentReport after = agent.cycle(it.env, Trigger.POLL);
            assertThat(after.entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.InSync));
            assertThat(image(deployment("web"))).as("the aborted revision %s is not retried", b).isEqualTo("web:1");
        }
    }

    @Nested
    class AFailingPreview {

        @Test
        void isRolledBackWithoutTheServiceEverSwitching() {
            String a = commit("60s", "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);
            String b = commit("60s", "web:2", RolloutStory.FAIL, "B: breaks");

            RolloutRecord done = cycleUntil(agent, r -> !r.active());
            assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.RolledBack);
            assertThat(done.message()).contains("preview (0%)").contains("podHealth");
            assertPlainSyncOf("web:1");
            assertThat(selector()).isEqualTo(Map.of("app", "web"));
            EnvironmentReport next = agent.cycle(it.env, Trigger.POLL);
            assertThat(next.gate().decision()).contains("was rolled back");
            assertThat(deployment("web-preview")).as("not retried").isNull();

            // issue 14: the rolled-back revision is a change failure, its rollback the restore
            SyncRecord rollback = agent.history(it.env).stream().filter(r -> r.trigger() == Trigger.ROLLBACK)
                    .findFirst().orElseThrow();
            assertThat(rollback.revision()).isEqualTo(a);
            assertThat(agent.history(it.env)).as("the start of the rollout of %s is a deployment of it", b)
                    .anySatisfy(r -> assertThat(r.revision()).isEqualTo(b));
            story.assertOneFailureRestored(agent);
        }
    }

    @Nested
    class AfterTheScaleDownDelay {

        @Test
        void theEndStateIsAPlainSyncOfTheRevision() {
            commit("2s", "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);
            commit("2s", "web:2", "{}", "B");

            RolloutRecord done = cycleUntil(agent, r -> !r.active());
            assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.Promoted);
            assertThat(done.cleanedUp()).isTrue();
            assertPlainSyncOf("web:2");
            assertThat(agent.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
        }
    }
}
