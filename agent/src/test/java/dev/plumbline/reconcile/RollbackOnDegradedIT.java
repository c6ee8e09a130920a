package dev.plumbline.reconcile;

import dev.plumbline.history.Dora;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, {@code sync.rollbackOnDegraded: true}: a sync whose health turns Degraded within {@code waitTimeout}
 * re-applies the last healthy revision, records why, and does not retry the bad revision until a new commit. The
 * workload simulator fails the bad revision's rollout. Real API server, real Git.
 */
@ExtendWith(KubernetesExtension.class)
class RollbackOnDegradedIT {

    static final String POLICY = "sync:\n  rollbackOnDegraded: true\n  waitTimeout: 60s\n";

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private String commit(String image, String message) {
        String dir = "environments/" + it.env + "/";
        return it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\n" + POLICY)
                .write(dir + "app.yaml", ReconcilerHarness.yaml("rollback-app-desired").formatted(image))
                .commit(message);
    }

    private String liveImage() {
        Deployment d = it.cluster.client().apps().deployments().inNamespace(it.env).withName("web").get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Nested
    class ADegradedRevision {

        @Test
        void isRolledBackRecordedNotRetriedAndANewCommitIsTaken() {
            // step 1: a healthy first revision
            String a = commit("web:1", "A");
            Reconciler agent = it.start();
            EnvironmentReport first = agent.cycle(it.env, Trigger.POLL);
            assertThat(first.gate().lastApplied()).isEqualTo(a);
            assertThat(agent.history(it.env).get(0).health()).isEqualTo("Healthy");

            // step 2: B turns Degraded; A is applied again, both recorded, with why
            // With no controller-manager (the tests' status simulation) the pod-template annotation
            // plumbline.dev/simulate: fail is honoured only by the KubeletSimulator; the WorkloadSimulator fails the
            // next rollout on request instead (the same Deployment status: ProgressDeadlineExceeded).
            it.cluster.simulator().failNext("Deployment", it.env, "web");
            String b = commit("web:2", "B: breaks");
            EnvironmentReport rolledBack = agent.cycle(it.env, Trigger.POLL);
            assertThat(liveImage()).isEqualTo("web:1");
            List<SyncRecord> history = agent.history(it.env);
            SyncRecord rollback = history.get(0);
            SyncRecord failed = history.get(1);
            assertThat(failed.revision()).isEqualTo(b);
            assertThat(failed.result()).isEqualTo(SyncResult.FAILED);
            assertThat(failed.message()).startsWith("Degraded within waitTimeout: Deployment/" + it.env + "/web: Degraded");
            assertThat(rollback.revision()).isEqualTo(a);
            assertThat(rollback.trigger()).isEqualTo(Trigger.ROLLBACK);
            assertThat(rollback.result()).isEqualTo(SyncResult.SUCCEEDED);
            assertThat(rollback.message()).startsWith("rolled back from " + b.substring(0, 7) + ": Deployment/" + it.env + "/web");
            assertThat(rolledBack.gate().lastApplied()).isEqualTo(a);
            assertThat(rolledBack.gate().pending()).isEqualTo(b);
            assertThat(rolledBack.gate().decision()).contains("was rolled back");

            // step 3: the next cycle does not retry B
            EnvironmentReport next = agent.cycle(it.env, Trigger.POLL);
            assertThat(agent.history(it.env)).hasSize(history.size());
            assertThat(liveImage()).isEqualTo("web:1");
            assertThat(next.gate().decision()).contains("waiting for a new commit");

            // step 4: a new commit is taken
            String c = commit("web:3", "C: fixed");
            assertThat(agent.cycle(it.env, Trigger.POLL).gate().lastApplied()).isEqualTo(c);
            assertThat(liveImage()).isEqualTo("web:3");
            assertThat(agent.history(it.env).get(0).result()).isEqualTo(SyncResult.SUCCEEDED);

            // DORA: B is a change failure, its rollback the restore
            Dora dora = agent.dora(it.env);
            assertThat(dora.failedDeployments()).isEqualTo(1);
            assertThat(dora.timeToRestoreMedian()).isNotNull();
        }
    }
}
