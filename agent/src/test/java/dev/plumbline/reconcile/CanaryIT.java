package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.MetricsExporter;
import dev.plumbline.testing.PrometheusServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, canary for Deployments without a service mesh, as lifecycle stories against a real API server and real
 * Git: a new pod template runs in {@code web-canary} beside the stable {@code web} at each step's pod share, steps
 * advance across cycles, a failing version is rolled back at once, an agent restart resumes, bad input applies
 * nothing. The workload simulator plays the controllers (and fails templates annotated
 * {@code plumbline.dev/simulate: fail}).
 */
@ExtendWith(KubernetesExtension.class)
class CanaryIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();
    final RolloutStory story = new RolloutStory(it);

    private String commit(String rollout, String image, String annotations, String message) {
        return story.commit(rollout, image, annotations, message);
    }

    private static String rollout(String steps, String interval) {
        return "    strategy: canary\n    service: web\n    steps: " + steps + "\n    interval: " + interval + "\n";
    }

    private Deployment deployment(String name) {
        return story.deployment(name);
    }

    private static String image(Deployment d) {
        return RolloutStory.image(d);
    }

    /** Cycles until the rollout leaves the phases of a running one; every report on the way shows no drift. */
    private RolloutRecord cycleUntilDone(Reconciler agent, Duration atMost) {
        return story.cycleUntil(agent, atMost, r -> !r.active());
    }

    private void assertPlainSyncOf(String image) {
        assertThat(deployment("web-canary")).as("no canary left").isNull();
        Deployment web = deployment("web");
        assertThat(image(web)).isEqualTo(image);
        assertThat(web.getSpec().getReplicas()).isEqualTo(2);
        assertThat(web.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app");
        assertThat(web.getSpec().getTemplate().getMetadata().getLabels()).containsOnlyKeys("app");
    }

    @Nested
    class ACanaryThatPasses {

        @Test
        void runsBesideStableAtEachStepThenLeavesWhatAPlainSyncLeaves() {
            // step 1: the first revision is a plain sync (nothing to compare with)
            commit(rollout("[50, 100]", "2s"), "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);
            assertThat(story.web(agent)).isNull();
            assertThat(image(deployment("web"))).isEqualTo("web:1");

            // step 2: a new pod template starts the canary: web-canary at 50 %, web keeps web:1, no drift
            String b = commit(rollout("[50, 100]", "2s"), "web:2", "{}", "B");
            EnvironmentReport started = agent.cycle(it.env, Trigger.POLL);
            RolloutRecord first = story.web(agent);
            assertThat(first.phase().active()).isTrue();
            assertThat(first.step()).isEqualTo(1);
            assertThat(first.weight()).isEqualTo(50);
            assertThat(first.canaryRevision()).isEqualTo(b);
            Deployment canary = deployment("web-canary");
            assertThat(image(canary)).isEqualTo("web:2");
            assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
            assertThat(canary.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "web");
            assertThat(image(deployment("web"))).isEqualTo("web:1");
            assertThat(deployment("web").getSpec().getReplicas()).isEqualTo(1);
            assertThat(started.entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.InSync));

            // step 3: steps advance across cycles; at the end the live state is what a plain sync of B leaves
            RolloutRecord done = cycleUntilDone(agent, Duration.ofSeconds(40));
            assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.Promoted);
            assertThat(done.cleanedUp()).isTrue();
            assertPlainSyncOf("web:2");
            assertThat(agent.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
            List<SyncRecord> history = agent.history(it.env);
            assertThat(history.get(0).trigger()).isEqualTo(Trigger.ROLLOUT);
            assertThat(history.get(0).message()).startsWith("rollout web promoted (every step passed)");
            assertThat(history).anySatisfy(r -> assertThat(r.message()).contains("rollout web: step 2 of 2 (100%): began"));
            assertThat(agent.dora(it.env).failedDeployments()).isZero();
        }
    }

    @Nested
    class ACanaryThatFails {

        @Test
        void isRolledBackWithinOneIntervalSaysWhyAndIsNotRetried() {
            String a = commit(rollout("[50, 100]", "30s"), "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);

            String b = commit(rollout("[50, 100]", "30s"), "web:2", RolloutStory.FAIL, "B: breaks");
            Instant began = Instant.now();
            agent.cycle(it.env, Trigger.POLL);
            assertThat(deployment("web-canary")).isNotNull();
            RolloutRecord done = cycleUntilDone(agent, Duration.ofSeconds(30));
            assertThat(Duration.between(began, Instant.now())).as("within one interval").isLessThan(Duration.ofSeconds(30));
            assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.RolledBack);
            assertThat(done.message()).contains("step 1 of 2 (50%)").contains("podHealth")
                    .contains("exceeded its progress deadline");
            assertPlainSyncOf("web:1");

            SyncRecord rollback = agent.history(it.env).get(0);
            assertThat(rollback.trigger()).isEqualTo(Trigger.ROLLBACK);
            assertThat(rollback.revision()).isEqualTo(a);
            assertThat(rollback.message()).startsWith("rolled back from " + b.substring(0, 7)
                    + ": rollout web step 1 of 2 (50%): podHealth: deployment \"web-canary\" exceeded its progress deadline (threshold 0.0)");
            EnvironmentReport next = agent.cycle(it.env, Trigger.POLL);
            assertThat(next.gate().decision()).contains("was rolled back");
            assertThat(deployment("web-canary")).as("not retried").isNull();
            assertThat(story.web(agent).phase()).isEqualTo(RolloutRecord.Phase.RolledBack);

            story.assertOneFailureRestored(agent);
        }
    }

    @Nested
    class WithoutAutoRollback {

        @Test
        void aFailedCheckKeepsBothVersionsServingUntilSomeoneAborts() {
            String off = rollout("[50, 100]", "30s") + "    autoRollback: false\n";
            commit(off, "web:1", "{}", "A");
            Reconciler agent = it.start();
            agent.cycle(it.env, Trigger.POLL);
            commit(off, "web:2", RolloutStory.FAIL, "B: breaks");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                agent.cycle(it.env, Trigger.POLL);
                return story.web(agent).phase() == RolloutRecord.Phase.Failed;
            });
            assertThat(story.web(agent).message()).contains("podHealth", "autoRollback is off: waiting for promote or abort");
            EnvironmentReport held = agent.cycle(it.env, Trigger.POLL);
            assertThat(held.entries()).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.InSync));
            assertThat(deployment("web-canary")).as("a rollout is in charge of both versions").isNotNull();
            assertThat(image(deployment("web"))).isEqualTo("web:1");

            agent.rolloutControl().decide(it.env, "web", false);
            assertThat(story.web(agent).phase()).isEqualTo(RolloutRecord.Phase.RolledBack);
            assertThat(story.web(agent).message()).startsWith("rolled back: aborted by request at step 1 of 2 (50%)");
            assertPlainSyncOf("web:1");
        }
    }

    @Nested
    class APrometheusAnalysis {

        @Test
        void failingItsBaselineComparisonRollsBackAndTheHistorySaysTheMetricValueAndThreshold() throws Exception {
            Path dir = it.tmp.resolve("prometheus");
            try (MetricsExporter exporter = new MetricsExporter().set("error_ratio{track=\"canary\"}", 0.2)
                    .set("error_ratio{track=\"stable\"}", 0.01);
                 PrometheusServer prometheus = new PrometheusServer(Files.createDirectories(dir), List.of(exporter.target()))) {
                String analysis = "    analysis:\n      prometheus:\n        address: " + prometheus.address() + "\n"
                        + "        query: 'error_ratio{track=\"canary\"}'\n        baseline: 'error_ratio{track=\"stable\"}'\n"
                        + "        maxIncrease: 0.01\n      maxInconclusive: 100\n";
                commit(rollout("[50, 100]", "30s") + analysis, "web:1", "{}", "A");
                Reconciler agent = it.start();
                agent.cycle(it.env, Trigger.POLL);
                String b = commit(rollout("[50, 100]", "30s") + analysis, "web:2", "{}", "B: more errors");
                agent.cycle(it.env, Trigger.POLL);
                assertThat(deployment("web-canary")).isNotNull();

                RolloutRecord done = cycleUntilDone(agent, Duration.ofSeconds(30));
                assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.RolledBack);
                assertThat(done.analysis()).anySatisfy(c -> {
                    assertThat(c.check()).isEqualTo("prometheus");
                    assertThat(c.passed()).isFalse();
                    assertThat(c.value()).isEqualTo(0.2);
                    assertThat(c.threshold()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
                });
                assertThat(agent.history(it.env).get(0).message()).startsWith("rolled back from " + b.substring(0, 7)
                        + ": rollout web step 1 of 2 (50%): prometheus: canary 0.2 > 0.02");
                assertPlainSyncOf("web:1");
            }
        }
    }

    @Nested
    class AnAgentRestartMidRollout {

        @Test
        void resumesFromTheStateInTheClusterAndFinishes() {
            commit(rollout("[50, 100]", "3s"), "web:1", "{}", "A");
            Reconciler first = it.start();
            first.cycle(it.env, Trigger.POLL);
            String b = commit(rollout("[50, 100]", "3s"), "web:2", "{}", "B");
            first.cycle(it.env, Trigger.POLL);
            RolloutRecord before = story.web(first);
            it.stop(first);
            assertThat(deployment("web-canary")).as("two versions serve, and a rollout is in charge").isNotNull();

            Reconciler second = it.start();
            RolloutRecord resumed = story.web(second);
            assertThat(resumed.active()).isTrue();
            assertThat(resumed.stepStartedAt()).isEqualTo(before.stepStartedAt());
            assertThat(resumed.canaryRevision()).isEqualTo(b);
            RolloutRecord done = cycleUntilDone(second, Duration.ofSeconds(40));
            assertThat(done.phase()).isEqualTo(RolloutRecord.Phase.Promoted);
            assertPlainSyncOf("web:2");
        }

        /**
         * The restarted agent meets a revision whose policy dropped {@code rollouts:} (an approved removal): it still
         * reads the records (the control state says a rollout is active), ends the rollout and deletes its canary, so
         * two versions never keep serving without a rollout in charge.
         */
        @Test
        void ontoARevisionWithoutRolloutsEndsTheRolloutAndLeavesWhatAPlainSyncLeaves() {
            commit(rollout("[50, 100]", "30s"), "web:1", "{}", "A");
            Reconciler first = it.start();
            first.cycle(it.env, Trigger.POLL);
            commit(rollout("[50, 100]", "30s"), "web:2", "{}", "B");
            first.cycle(it.env, Trigger.POLL);
            assertThat(story.web(first).active()).isTrue();
            it.stop(first);
            assertThat(deployment("web-canary")).as("two versions serve, and a rollout is in charge").isNotNull();

            String dir = "environments/" + it.env + "/";
            String c = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\n")
                    .write(dir + "app.yaml", ReconcilerHarness.yaml("canary-app-desired").formatted(2, "{}", "web:2"))
                    .commit("C: no rollouts");
            Reconciler second = it.start(); // its first act is the approval: no cycle of B reads the records first
            second.sync(it.env, new ManualSync(c, false, null, false, false, null)); // rollouts is a gate key
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
                second.cycle(it.env, Trigger.POLL);
                assertPlainSyncOf("web:2");
            });
            RolloutRecord ended = story.web(second);
            assertThat(ended.active()).isFalse();
            assertThat(ended.cleanedUp()).isTrue();
            EnvironmentReport report = second.cycle(it.env, Trigger.POLL);
            assertThat(report.status()).isEqualTo("Synced");
            assertThat(report.entries()).allSatisfy(e -> assertThat(e.status()).as(e.toString()).isEqualTo(Verdict.InSync));
        }
    }

    @Nested
    class BadInput {

        private final String policy = "environments/%s/plumbline.yaml";

        @Test
        void aRolloutNamingAMissingDeploymentOrServiceIsAPolicyErrorAtItsLineAndNothingIsApplied() {
            String dir = "environments/" + it.env + "/";
            it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrollouts:\n  web:\n" + rollout("[100]", "2s")
                            + "  api:\n    strategy: canary\n    service: api\n    steps: [100]\n")
                    .write(dir + "app.yaml", ReconcilerHarness.yaml("canary-app-desired").formatted(1, "{}", "web:1")
                            .replace("name: web\nspec:\n  selector", "name: front\nspec:\n  selector"))
                    .commit("A: typos");
            EnvironmentReport report = it.start().cycle(it.env, Trigger.POLL);
            String file = policy.formatted(it.env);
            assertThat(report.problems()).containsExactly(
                    file + ":3: rollouts.web.service: no Service 'web' is rendered in namespace " + it.env
                            + " (beside Deployment/" + it.env + "/web)",
                    file + ":8: rollouts.api: no Deployment 'api' is rendered in this environment");
            assertThat(deployment("web")).as("nothing applied").isNull();
        }

        @Test
        void stepsNotEndingAt100OrARouterNotRenderedAreErrorsAtTheirLineAndNothingIsApplied() {
            commit(rollout("[10, 50]", "2s"), "web:1", "{}", "A");
            EnvironmentReport report = it.start().cycle(it.env, Trigger.POLL);
            // (a policy that does not parse renders without its namespace too: those problems are listed after it)
            assertThat(report.problems()).first().isEqualTo(policy.formatted(it.env)
                    + ":6: rollouts.web.steps must end at 100, not 50 (the last step moves every pod)");
            assertThat(deployment("web")).isNull();

            commit("    strategy: blueGreen\n    service: web\n    router: {httpRoute: web}\n", "web:1", "{}", "B");
            assertThat(it.start().cycle(it.env, Trigger.POLL).problems()).containsExactly(
                    policy.formatted(it.env) + ":3: rollouts.web: router is for canary steps; blueGreen switches the Service's selector",
                    policy.formatted(it.env) + ":3: rollouts.web.router.httpRoute: HTTPRoute/" + it.env
                            + "/web is not rendered in this environment");
            assertThat(deployment("web")).isNull();
        }
    }
}
