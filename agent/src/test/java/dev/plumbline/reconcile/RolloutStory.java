package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.history.Dora;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.Trigger;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the rollout stories ({@link CanaryIT}, {@link BlueGreenRolloutIT}) share on top of a {@link ReconcilerHarness}:
 * the {@code web} app committed under a rollout policy, its Deployments read back, the {@code web} rollout's record,
 * cycles until that record says so (no drift on the way), and the DORA measures of a rolled-back revision. Create it
 * as a field beside the harness; it reads the harness's per-test world when called.
 */
final class RolloutStory {

    /** Pod template annotations the workload simulator fails. */
    static final String FAIL = "{plumbline.dev/simulate: fail}";

    private final ReconcilerHarness it;

    RolloutStory(ReconcilerHarness it) {
        this.it = it;
    }

    /** Commits the {@code web} app ({@code image}, 2 replicas, template {@code annotations}) under {@code rollout}. */
    String commit(String rollout, String image, String annotations, String message) {
        String dir = "environments/" + it.env + "/";
        return it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrollouts:\n  web:\n" + rollout)
                .write(dir + "app.yaml", ReconcilerHarness.yaml("canary-app-desired").formatted(2, annotations, image))
                .commit(message);
    }

    Deployment deployment(String name) {
        return it.cluster.client().apps().deployments().inNamespace(it.env).withName(name).get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The {@code web} rollout's record as {@code agent} lists it ({@code null}: none). */
    RolloutRecord web(Reconciler agent) {
        return agent.rolloutControl().list(it.env).stream().filter(r -> r.name().equals("web")).findFirst().orElse(null);
    }

    /** Cycles until the rollout's record satisfies {@code until}; every report on the way shows no drift. */
    RolloutRecord cycleUntil(Reconciler agent, Duration atMost, Predicate<RolloutRecord> until) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> {
            EnvironmentReport report = agent.cycle(it.env, Trigger.POLL);
            assertThat(report.error()).isNull();
            assertThat(report.entries()).allSatisfy(e -> assertThat(e.status()).as(e.toString()).isEqualTo(Verdict.InSync));
            RolloutRecord r = web(agent);
            return r != null && until.test(r);
        });
        return web(agent);
    }

    /** Issue 14: the rolled-back revision counts as one change failure, and its rollback as the restore. */
    void assertOneFailureRestored(Reconciler agent) {
        Dora dora = agent.dora(it.env);
        assertThat(dora.failedDeployments()).isEqualTo(1);
        assertThat(dora.timeToRestoreMedian()).isNotNull();
    }
}
