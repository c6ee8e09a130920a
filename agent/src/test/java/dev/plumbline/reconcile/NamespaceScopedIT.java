package dev.plumbline.reconcile;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's least-privilege mode: RBAC only in named namespaces ({@code rbac.namespaces}), and the agent told to
 * watch only those ({@code plumbline.namespaces}). It converges without any cluster-wide permission.
 */
@ExtendWith(KubernetesExtension.class)
class NamespaceScopedIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private static void grantAll(KubernetesClient admin, String namespace) {
        admin.resource(new RoleBuilder().withNewMetadata().withName("plumbline-all").withNamespace(namespace).endMetadata()
                .addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule().build()).create();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("plumbline-all").withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("plumbline-all").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(ControlPlaneOptions.LIMITED_USER).endSubject()
                .build()).create();
    }

    @Test
    void convergesWithNamespaceScopedRbacOnly() {
        TestCluster cluster = it.cluster;
        String env = it.env;
        grantAll(cluster.client(), env);
        grantAll(cluster.client(), cluster.stateNamespace());
        try (KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER)) {
            it.repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nrestrictions:\n  namespaces: [" + env + "]\n  clusterScoped: []\n")
                    .write("environments/" + env + "/app.yaml", ConvergenceIT.app("nginx:1.25")).commit("first");
            // The limited user may not list anything cluster-wide.
            assertThatThrownBy(() -> limited.configMaps().inAnyNamespace().list())
                    .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        try (KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER)) {
            Reconciler reconciler = it.open(ReconcilerHarness.Wiring.defaults().withConfig(limited.getConfiguration())
                    .withOptions(options -> options.withWatchNamespaces(List.of(env))));
            EnvironmentReport report = reconciler.cycle(env, Trigger.POLL);
            assertThat(report.error()).isNull();
            assertThat(report.status()).isEqualTo("Synced");
            assertThat(report.lastSync().result().word()).isEqualTo("succeeded");
            assertThat(cluster.client().apps().deployments().inNamespace(env).withName("web").get()).isNotNull();
        }
    }
}
