package dev.plumbline.reconcile;

import dev.plumbline.faults.Fault;
import dev.plumbline.faults.FaultLedgerExtension;
import dev.plumbline.history.Dora;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, case 8, through the Reconciler's real sync path against the real API server: only a new revision reaching
 * the cluster is a deployment. A self-heal revert, a manual re-apply of the same revision and a dry run leave the
 * deployment count (and so the frequency) unchanged; a new commit raises it; a rollback pin is a restore, not a
 * deployment, and marks the rolled-back deployment failed.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class DoraIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();


    @Test
    @Fault("DORA: self-heal reverts, re-applies of one revision and a rollback counted as deployments")
    void onlyANewRevisionReachingTheClusterIsADeployment() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\nsync:\n  waitTimeout: 30s\n")
                .write("environments/" + it.env + "/app.yaml", ConvergenceIT.app("nginx:1.25"));
        String first = it.repo.commit("first");
        Reconciler reconciler = it.start();

        reconciler.cycle(it.env, Trigger.POLL);
        Dora deployed = reconciler.dora(it.env);
        assertThat(deployed.deployments()).isEqualTo(1);

        // Self-heal: someone edits the image; the cycle reverts it (a sync that configures one object).
        editImage("nginx:9.9");
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciler.cycle(it.env, Trigger.POLL).lastSync(),
                r -> r != null && r.trigger() == Trigger.SELF_HEAL);
        assertThat(image()).isEqualTo("nginx:1.25");
        // Re-apply of the same revision by hand, over fresh drift, and a dry run.
        editImage("nginx:9.8");
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.check(it.env).drifted());
        SyncRecord reapplied = reconciler.sync(it.env, ManualSync.defaults()).record();
        assertThat(reapplied.summary()).containsEntry("configured", 1);
        reconciler.sync(it.env, new ManualSync(null, false, null, true, false, null));
        Dora afterReapplies = reconciler.dora(it.env);
        assertThat(reconciler.history(it.env)).hasSize(3);
        assertThat(afterReapplies.deployments()).isEqualTo(1);
        assertThat(afterReapplies.perDay()).isEqualTo(deployed.perDay());
        assertThat(afterReapplies.changeFailureRate()).isZero();

        it.repo.write("environments/" + it.env + "/app.yaml", ConvergenceIT.app("nginx:1.27")).commit("second");
        reconciler.cycle(it.env, Trigger.POLL);
        Dora second = reconciler.dora(it.env);
        assertThat(second.deployments()).isEqualTo(2);
        assertThat(second.perDay()).isGreaterThan(afterReapplies.perDay());
        assertThat(second.leadTimeMedian()).isNotNull().isPositive();

        // Rollback: a pin to the first revision restores; the deployment it undid counts as failed.
        reconciler.sync(it.env, new ManualSync(first, true, null, false, false, null));
        assertThat(image()).isEqualTo("nginx:1.25");
        Dora rolledBack = reconciler.dora(it.env);
        assertThat(rolledBack.deployments()).isEqualTo(2);
        assertThat(rolledBack.changeFailureRate()).isEqualTo(0.5);
        assertThat(rolledBack.timeToRestoreMedian()).isNotNull().isPositive();
    }

    @Test
    @Fault("DORA: a re-apply after a commit that changed nothing in this environment counted as a deployment")
    void aReapplyAfterACommitForAnotherEnvironmentIsNoDeployment() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\nsync:\n  waitTimeout: 30s\n")
                .write("environments/" + it.env + "/app.yaml", ConvergenceIT.app("nginx:1.25")).commit("first");
        Reconciler reconciler = it.start();
        reconciler.cycle(it.env, Trigger.POLL);

        // A commit for another environment moves the branch: this one takes it as applied, without a sync or record.
        it.repo.write("environments/other/app.yaml", ConvergenceIT.app("nginx:2.0")).commit("other environment only");
        reconciler.cycle(it.env, Trigger.POLL);
        assertThat(reconciler.history(it.env)).hasSize(1);
        editImage("nginx:9.9");
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.check(it.env).drifted());
        SyncRecord reapplied = reconciler.sync(it.env, ManualSync.defaults()).record();

        assertThat(reapplied.summary()).containsEntry("configured", 1);
        assertThat(reconciler.dora(it.env).deployments()).isEqualTo(1);
    }

    /** As a person would (a patch without resourceVersion: the workload simulator writes status meanwhile). */
    private void editImage(String image) {
        new Kubectl(it.cluster.kubeconfigPath()).run("-n", it.env, "set", "image", "deployment/web", "web=" + image);
    }

    private String image() {
        Deployment d = it.cluster.client().apps().deployments().inNamespace(it.env).withName("web").get();
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
