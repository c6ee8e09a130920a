package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.history.Dora;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 5's "done when", through the Reconciler's cycle and sync against the real API server. */
@ExtendWith(KubernetesExtension.class)
class ConvergenceIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    static String app(String image) {
        return ReconcilerHarness.yaml("web-app-desired").formatted(image);
    }

    private String policy(boolean auto) {
        return "namespace: " + it.env + "\nsync:\n  auto: " + auto + "\n  waitTimeout: 30s\n";
    }

    private Map<String, String> resourceVersions() {
        return it.cluster.client().genericKubernetesResources("v1", "ConfigMap").inNamespace(it.env).list().getItems().stream()
                .collect(Collectors.toMap(r -> "cm/" + r.getMetadata().getName(), r -> r.getMetadata().getResourceVersion()));
    }

    private static Map<Action, List<String>> byAction(List<ChangeEntry> entries) {
        return entries.stream().collect(Collectors.groupingBy(ChangeEntry::action, Collectors.mapping(e -> e.kind() + "/" + e.name(), Collectors.toList())));
    }

    @Test
    void theRepositorysOwnStagingConvergesIntoAFreshClusterAndASecondSyncChangesNothing() {
        // This checkout's own Git history: environments/staging at HEAD, as `plumbline demo` will use it.
        Reconciler reconciler = it.start(Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize().toString());
        String staging = "staging";
        EnvironmentReport converged = reconciler.cycle(staging, Trigger.POLL);
        assertThat(converged.error()).isNull();
        assertThat(converged.entries()).extracting(e -> e.status()).containsOnly(Verdict.InSync);
        assertThat(converged.lastSync().trigger()).isEqualTo(Trigger.POLL);
        var deployment = it.cluster.client().apps().deployments().inNamespace("shop-staging").withName("orders-api").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/shop/orders-api:1.5.0-rc.1");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("plumbline.dev/environment", "staging")
                .containsEntry("app.kubernetes.io/managed-by", "plumbline");

        // The status simulator writes the rollout's status shortly after the apply (a new resourceVersion that is not
        // Plumbline's): wait until the rollout is done, then a second sync must move nothing.
        await().atMost(Duration.ofSeconds(20)).until(() -> reconciler.cycle(staging, Trigger.POLL).health().health().name(),
                h -> h.equals("Healthy"));
        String rvBefore = it.cluster.client().apps().deployments().inNamespace("shop-staging").withName("orders-api").get()
                .getMetadata().getResourceVersion();
        SyncOutcome again = reconciler.sync(staging, ManualSync.defaults());
        assertThat(again.changeSet().entries()).extracting(ChangeEntry::action).containsOnly(Action.UNCHANGED);
        assertThat(it.cluster.client().apps().deployments().inNamespace("shop-staging").withName("orders-api").get()
                .getMetadata().getResourceVersion()).isEqualTo(rvBefore);
    }

    @Test
    void anImageCommitChangesOneObjectAndADeletedFilePrunesExactlyThatObject() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", policy(true))
                .write("environments/" + it.env + "/app.yaml", app("nginx:1.25"))
                .write("environments/" + it.env + "/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: {a: b}\n")
                .commit("first");
        Reconciler reconciler = it.start();
        assertThat(reconciler.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
        Map<String, String> rvs = resourceVersions();

        it.repo.write("environments/" + it.env + "/app.yaml", app("nginx:1.27")).commit("bump web to 1.27");
        EnvironmentReport bumped = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(bumped.status()).isEqualTo("Synced");
        assertThat(bumped.lastSync().summary()).containsEntry("configured", 1).containsEntry("unchanged", 3);
        assertThat(resourceVersions()).isEqualTo(rvs);

        it.repo.delete("environments/" + it.env + "/extra.yaml").commit("drop extra");
        EnvironmentReport pruned = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(pruned.lastSync().summary()).containsEntry("pruned", 1);
        assertThat(it.cluster.client().configMaps().inNamespace(it.env).withName("extra").get()).isNull();
        assertThat(it.cluster.client().configMaps().inNamespace(it.env).withName("settings").get()).isNotNull();
        List<SyncRecord> history = reconciler.history(it.env);
        assertThat(history).hasSize(3);
        assertThat(history.get(0).revisionSubject()).isEqualTo("drop extra");

        Dora dora = reconciler.dora(it.env);
        assertThat(dora.deployments()).isEqualTo(3);
        assertThat(dora.changeFailureRate()).isZero();
        assertThat(dora.leadTimeMedian()).isNotNull().isPositive();
    }

    @Test
    void approvalGateHoldsUntilTheRevisionIsApprovedAndRollbackPinsAndUnpins() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", policy(false))
                .write("environments/" + it.env + "/app.yaml", app("nginx:1.25"));
        String first = it.repo.commit("first");
        Reconciler reconciler = it.start();

        EnvironmentReport waiting = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(waiting.gate().decision()).isEqualTo("waiting for approval");
        assertThat(waiting.gate().pending()).isEqualTo(first);
        assertThat(it.cluster.client().apps().deployments().inNamespace(it.env).withName("web").get()).isNull();

        reconciler.sync(it.env, new ManualSync(first.substring(0, 10), false, null, false, false, null));
        assertThat(image()).isEqualTo("nginx:1.25");

        String second = it.repo.write("environments/" + it.env + "/app.yaml", app("nginx:1.27")).commit("second");
        EnvironmentReport pending = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(pending.gate().pending()).isEqualTo(second);
        assertThat(pending.revision().sha()).isEqualTo(first);
        assertThat(image()).isEqualTo("nginx:1.25");

        String third = it.repo.write("environments/" + it.env + "/app.yaml", app("nginx:1.28")).commit("third");
        assertThatThrownBy(() -> reconciler.sync(it.env, new ManualSync(second, false, null, false, false, null)))
                .isInstanceOf(RevisionMovedException.class).hasMessageContaining("moved past");
        reconciler.sync(it.env, new ManualSync(third, false, null, false, false, null));
        assertThat(image()).isEqualTo("nginx:1.28");

        SyncOutcome rollback = reconciler.sync(it.env, new ManualSync(first, true, null, false, false, null));
        assertThat(rollback.record().trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(image()).isEqualTo("nginx:1.25");
        assertThat(reconciler.cycle(it.env, Trigger.POLL).gate().pinned()).isEqualTo(first);
        assertThat(image()).isEqualTo("nginx:1.25");

        reconciler.unpin(it.env);
        EnvironmentReport unpinned = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(unpinned.gate().pinned()).isNull();
        // production-style gate: after the pin, the last applied revision (the rollback) stays until approved
        assertThat(image()).isEqualTo("nginx:1.25");
        assertThat(unpinned.gate().pending()).isEqualTo(third);
    }

    @Test
    void withoutSelfHealAPolicyOnlyCommitDoesNotLicenseRevertingLaterDrift() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\nsync:\n  selfHeal: false\n")
                .write("environments/" + it.env + "/app.yaml", app("nginx:1.25")).commit("first");
        Reconciler reconciler = it.start();
        assertThat(reconciler.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
        // a commit that changes nothing in the cluster
        String policyOnly = it.repo.write("environments/" + it.env + "/plumbline.yaml",
                "namespace: " + it.env + "\nsync:\n  selfHeal: false\n  waitTimeout: 1m\n").commit("policy only");
        EnvironmentReport same = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(same.gate().lastApplied()).isEqualTo(policyOnly);
        new dev.plumbline.testing.Kubectl(it.cluster.kubeconfigPath()).run("-n", it.env, "set", "image", "deployment/web", "web=nginx:9.9");
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciler.cycle(it.env, Trigger.POLL).drifted());
        EnvironmentReport drifted = reconciler.cycle(it.env, Trigger.POLL);
        assertThat(drifted.gate().decision()).isEqualTo("drift reported; selfHeal is off");
        assertThat(image()).isEqualTo("nginx:9.9");
    }

    @Test
    void dryRunChangesNothingAndRecordsNothing() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", policy(false))
                .write("environments/" + it.env + "/app.yaml", app("nginx:1.25"));
        String first = it.repo.commit("first");
        Reconciler reconciler = it.start();
        SyncOutcome dry = reconciler.sync(it.env, new ManualSync(first, false, null, true, false, null));
        assertThat(dry.changeSet().dryRun()).isTrue();
        assertThat(dry.changeSet().entries()).extracting(ChangeEntry::action).containsOnly(Action.CREATED);
        assertThat(dry.record()).isNull();
        assertThat(it.cluster.client().apps().deployments().inNamespace(it.env).withName("web").get()).isNull();
        assertThat(reconciler.history(it.env)).isEmpty();
    }

    private String image() {
        GenericKubernetesResource d = it.cluster.client().genericKubernetesResources("apps/v1", "Deployment").inNamespace(it.env).withName("web").get();
        return d == null ? null : it.cluster.client().apps().deployments().inNamespace(it.env).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
