package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operator limits (issue 12): with {@code service-account} set, every request of the environment impersonates that
 * ServiceAccount, so the API server's RBAC is the final word. A Role allowing ConfigMaps only: the ConfigMap
 * converges, the Secret is an Error verdict carrying the 403 for the impersonated ServiceAccount, and the agent's own
 * state (inventory, history) is still written with the agent's identity. Without impersonation both converge.
 */
@ExtendWith(KubernetesExtension.class)
class ImpersonationIT {

    private static final String ACCOUNT = "deployer";

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    @Test
    void theImpersonatedServiceAccountsRbacDecidesWhatConverges() {
        TestCluster cluster = it.cluster;
        String env = it.env;
        String user = "system:serviceaccount:" + cluster.stateNamespace() + ":" + ACCOUNT;
        allowConfigMapsOnly(cluster, env);
        it.repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\n")
                .write("environments/" + env + "/app.yaml", ReconcilerHarness.yaml("configmap-and-secret-desired")).commit("ConfigMap and Secret");
        // a bare name: the ServiceAccount lies in the agent's state namespace, whatever Git says
        Reconciler impersonating = reconciler(new EnvironmentLimits(null, null, false, ACCOUNT));
        SyncOutcome outcome = impersonating.sync(env, ManualSync.defaults());
        DriftEntry secret = entry(outcome.report(), "Secret");
        assertThat(secret.status()).isEqualTo(Verdict.Error);
        assertThat(secret.message()).contains("Secret/" + env + "/token", "403", user);
        assertThat(entry(outcome.report(), "ConfigMap").status()).isEqualTo(Verdict.InSync);
        assertThat(action(outcome, "ConfigMap")).isEqualTo(Action.CREATED);
        assertThat(action(outcome, "Secret")).isIn(Action.FAILED, Action.SKIPPED);
        assertThat(cluster.client().configMaps().inNamespace(env).withName("settings").get()).isNotNull();
        assertThat(cluster.client().secrets().inNamespace(env).withName("token").get()).isNull();
        // the state objects are the agent's: written although the ServiceAccount may not touch the state namespace
        assertThat(outcome.record()).isNotNull();
        assertThat(impersonating.history(env)).hasSize(1);
        it.stop(impersonating);

        Reconciler unrestricted = reconciler(EnvironmentLimits.none());
        SyncOutcome converged = unrestricted.sync(env, ManualSync.defaults());
        assertThat(converged.report().entries()).extracting(DriftEntry::status).containsOnly(Verdict.InSync);
        assertThat(action(converged, "Secret")).isEqualTo(Action.CREATED);
        assertThat(cluster.client().secrets().inNamespace(env).withName("token").get()).isNotNull();
    }

    private static void allowConfigMapsOnly(TestCluster cluster, String namespace) {
        var admin = cluster.client();
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).withNamespace(cluster.stateNamespace())
                .endMetadata().build()).create();
        admin.resource(new RoleBuilder().withNewMetadata().withName("configmaps-only").withNamespace(namespace).endMetadata()
                .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("*").endRule().build()).create();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("configmaps-only").withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("configmaps-only").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(cluster.stateNamespace()).endSubject()
                .build()).create();
    }

    private Reconciler reconciler(EnvironmentLimits limits) {
        return it.start(options -> options.withLimits(Map.of(it.env, limits)));
    }

    private static DriftEntry entry(EnvironmentReport report, String kind) {
        return report.entries().stream().filter(e -> e.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static Action action(SyncOutcome outcome, String kind) {
        return outcome.changeSet().entries().stream().filter(e -> e.kind().equals(kind)).map(ChangeEntry::action)
                .findFirst().orElseThrow();
    }
}
