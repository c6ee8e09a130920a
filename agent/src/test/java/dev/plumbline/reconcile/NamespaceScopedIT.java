package dev.plumbline.reconcile;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.history.Trigger;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's least-privilege mode: RBAC only in named namespaces ({@code rbac.namespaces}), and the agent told to
 * watch only those ({@code plumbline.namespaces}). It converges without any cluster-wide permission.
 */
@ExtendWith(KubernetesExtension.class)
class NamespaceScopedIT {

    @TempDir
    Path tmp;

    private static void grantAll(KubernetesClient admin, String namespace) {
        admin.resource(new RoleBuilder().withNewMetadata().withName("plumbline-all").withNamespace(namespace).endMetadata()
                .addNewRule().withApiGroups("*").withResources("*").withVerbs("*").endRule().build()).create();
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("plumbline-all").withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("plumbline-all").endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(ControlPlaneOptions.LIMITED_USER).endSubject()
                .build()).create();
    }

    @Test
    void convergesWithNamespaceScopedRbacOnly(TestCluster cluster) throws Exception {
        String env = cluster.namespace();
        grantAll(cluster.client(), env);
        grantAll(cluster.client(), cluster.stateNamespace());
        try (GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
             KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER)) {
            repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nrestrictions:\n  namespaces: [" + env + "]\n  clusterScoped: []\n")
                    .write("environments/" + env + "/app.yaml", ConvergenceIT.app("nginx:1.25")).commit("first");
            // The limited user may not list anything cluster-wide.
            assertThatThrownBy(() -> limited.configMaps().inAnyNamespace().list())
                    .isInstanceOfSatisfying(io.fabric8.kubernetes.client.KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        try (KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER);
             ClusterConnection connection = ClusterConnection.connect(limited.getConfiguration());
             GitSource git = new GitSource(GitSourceOptions.defaults().withUrl(tmp.resolve("repo").toString()).withCacheDir(tmp.resolve("cache")));
             Reconciler reconciler = new Reconciler(connection, new GitRevisionSource(git), ReconcilerOptions.defaults()
                     .withStateNamespace(cluster.stateNamespace()).withWatchNamespaces(List.of(env)), null)) {
            EnvironmentReport report = reconciler.cycle(env, Trigger.POLL);
            assertThat(report.error()).isNull();
            assertThat(report.status()).isEqualTo("Synced");
            assertThat(report.lastSync().result().word()).isEqualTo("succeeded");
            assertThat(cluster.client().apps().deployments().inNamespace(env).withName("web").get()).isNotNull();
        }
    }
}
