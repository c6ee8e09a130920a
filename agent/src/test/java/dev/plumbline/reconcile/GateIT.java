package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.faults.Fault;
import dev.plumbline.faults.FaultLedgerExtension;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 case 3: a Git writer cannot open the approval gate. The policy that governs a revision is the one of the
 * last applied revision; a commit loosening a gate key waits for an approval naming it. Real API server, real Git.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class GateIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private Reconciler startReconciler(EnvironmentLimits limits) {
        return it.start(options -> options.withLimits(Map.of(it.env, limits)));
    }

    private static String configMap(String namespace, String level) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: " + namespace
                + "\ndata: {LEVEL: " + level + "}\n";
    }

    private String level(String namespace) {
        ConfigMap cm = it.cluster.client().configMaps().inNamespace(namespace).withName("settings").get();
        return cm == null ? null : cm.getData().get("LEVEL");
    }

    private ManualSync approve(String sha) {
        return new ManualSync(sha, false, null, false, false, null);
    }

    @Test
    @Fault("a commit sets sync.auto: true in a gated environment (Reconciler)")
    void aCommitTurningOnAutoSyncWaitsForAnApprovalNamingIt() {
        String dir = "environments/" + it.env + "/";
        String a = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nsync:\n  auto: false\n")
                .write(dir + "app.yaml", configMap(it.env, "info")).commit("A");
        Reconciler reconciler = it.start();
        reconciler.sync(it.env, approve(a));
        assertThat(level(it.env)).isEqualTo("info");

        String b = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nsync:\n  auto: true\n")
                .write(dir + "app.yaml", configMap(it.env, "debug")).commit("B: open the gate");
        EnvironmentReport waiting = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(level(it.env)).as("B must not deploy itself").isEqualTo("info");
        assertThat(waiting.gate().pending()).isEqualTo(b);
        assertThat(waiting.gate().lastApplied()).isEqualTo(a);
        assertThat(waiting.gate().policyChanges()).extracting(PolicyChangeView::describe)
                .containsExactly("sync.auto: false -> true");
        assertThat(reconciler.cycle(it.env, Trigger.POLL).gate().pending()).isEqualTo(b);
        assertThat(level(it.env)).isEqualTo("info");

        reconciler.sync(it.env, approve(b));
        assertThat(level(it.env)).isEqualTo("debug");
        EnvironmentReport after = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(after.gate().lastApplied()).isEqualTo(b);
        assertThat(after.gate().policyChanges()).isEmpty();

        // B is approved: its auto sync now governs, so C follows the branch by itself.
        it.repo.write(dir + "app.yaml", configMap(it.env, "warn")).commit("C");
        reconciler.cycle(it.env, Trigger.POLL);
        assertThat(level(it.env)).isEqualTo("warn");
    }

    @Test
    @Fault("a commit widens restrictions.namespaces and adds an object there")
    void aCommitWideningRestrictionsWaitsForApprovalAndTighteningDoesNot() {
        String other = it.env + "-x";
        it.cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata().build()).create();
        try {
            String dir = "environments/" + it.env + "/";
            it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrestrictions:\n  namespaces: [" + it.env + "]\n")
                    .write(dir + "app.yaml", configMap(it.env, "info")).commit("A");
            Reconciler reconciler = it.start();
            reconciler.cycle(it.env, Trigger.POLL);
            assertThat(level(it.env)).isEqualTo("info");

            String b = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrestrictions:\n  namespaces: ["
                            + it.env + ", " + other + "]\n")
                    .write(dir + "other.yaml", configMap(other, "debug")).commit("B: widen restrictions");
            EnvironmentReport waiting = reconciler.cycle(it.env, Trigger.POLL);
            assertThat(level(other)).as("B must not widen its own restrictions").isNull();
            assertThat(waiting.gate().pending()).isEqualTo(b);
            assertThat(waiting.gate().policyChanges()).extracting(PolicyChangeView::key)
                    .containsExactly("restrictions.namespaces");

            reconciler.sync(it.env, approve(b));
            assertThat(level(other)).isEqualTo("debug");

            // Tightening (prune off, a smaller prune budget) applies like any other commit of an auto environment.
            String c = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrestrictions:\n  namespaces: ["
                            + it.env + ", " + other + "]\nsync:\n  maxPruneCount: 1\n")
                    .write(dir + "app.yaml", configMap(it.env, "warn")).commit("C: tighten");
            EnvironmentReport tightened = reconciler.cycle(it.env, Trigger.POLL);
            assertThat(level(it.env)).isEqualTo("warn");
            assertThat(tightened.gate().lastApplied()).isEqualTo(c);
        } finally {
            it.cluster.client().namespaces().withName(other).delete();
        }
    }

    @Test
    @Fault("Git asks for auto sync and a namespace outside the operator's limits")
    void operatorLimitsBoundWhatGitMayAskFor() {
        String dir = "environments/" + it.env + "/";
        // Git asks for auto sync and restricts nothing; the operator requires approval and allows only env.
        String a = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nsync:\n  auto: true\n")
                .write(dir + "app.yaml", configMap(it.env, "info")).commit("A");
        Reconciler reconciler = startReconciler(new EnvironmentLimits(List.of(it.env), List.of(), true));
        EnvironmentReport held = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(level(it.env)).as("require-approval holds it whatever Git says").isNull();
        assertThat(held.gate().pending()).isEqualTo(a);
        reconciler.sync(it.env, approve(a));
        assertThat(level(it.env)).isEqualTo("info");

        it.repo.write(dir + "other.yaml", configMap("kube-public", "debug")).commit("B: outside the operator's namespaces");
        EnvironmentReport refused = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(refused.error()).isNotNull();
        assertThat(refused.problems()).anySatisfy(p -> assertThat(p).startsWith(dir + "other.yaml:")
                .contains("ConfigMap/kube-public/settings").contains("the agent configuration's limits"));
        assertThat(level("kube-public")).isNull();
    }

    @Test
    void aRollbackWhileTheHeadDoesNotRenderSucceeds() {
        String dir = "environments/" + it.env + "/";
        String a = it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\n")
                .write(dir + "app.yaml", configMap(it.env, "info")).commit("A");
        Reconciler reconciler = it.start();
        reconciler.cycle(it.env, Trigger.POLL);
        it.repo.write(dir + "app.yaml", configMap(it.env, "debug")).commit("B");
        reconciler.cycle(it.env, Trigger.POLL);
        assertThat(level(it.env)).isEqualTo("debug");
        String broken = it.repo.write(dir + "app.yaml", "kind: [\n").commit("C: broken");

        SyncOutcome rollback = reconciler.sync(it.env, new ManualSync(a, true, null, false, false, null));

        assertThat(level(it.env)).isEqualTo("info");
        assertThat(rollback.report().gate().pinned()).isEqualTo(a);
        assertThat(rollback.report().gate().pending()).isEqualTo(broken);
    }

    /** The report's change entries, as the test reads them. */
    interface PolicyChangeView {
        static String describe(dev.plumbline.config.PolicyChange c) {
            return c.key() + ": " + c.from() + " -> " + c.to();
        }

        static String key(dev.plumbline.config.PolicyChange c) {
            return c.key();
        }
    }
}
