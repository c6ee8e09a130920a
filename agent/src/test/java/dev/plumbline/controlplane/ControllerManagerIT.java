package dev.plumbline.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.plumbline.cli.CliDiffIT;
import dev.plumbline.cli.CliDiffIT.Run;
import dev.plumbline.testing.DedicatedControlPlane;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthChecks;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plumbline beside a real kube-controller-manager: Deployments get real ReplicaSets and Pods (only Pod readiness is
 * simulated, as a kubelet would report it), workload status is the controllers' own, namespaces really delete and
 * come with the ServiceAccount and CA ConfigMap Kubernetes puts in every namespace. None of that may look like drift
 * or block a prune. Runs only on releases built with a controller manager (not the Debian-built 1.20.2).
 */
@Tag("controller-manager")
@DedicatedControlPlane(controllerManager = true)
@ExtendWith(KubernetesExtension.class)
class ControllerManagerIT {

    @TempDir
    Path tmp;

    @Test
    void aDeploymentRollsOutThroughRealControllersAndIsNotDrift(TestCluster cluster) {
        String env = cluster.namespace();
        GitRepoFixture repo = repo(env, deployment("web", 2, false));

        Run sync = CliDiffIT.run(args("sync", repo, cluster));

        assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
        KubernetesClient client = cluster.client();
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(env).list().getItems();
        assertThat(sets).singleElement().satisfies(rs -> assertThat(rs.getMetadata().getOwnerReferences())
                .anyMatch(o -> "Deployment".equals(o.getKind()) && "web".equals(o.getName())));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Pod> pods = client.pods().inNamespace(env).list().getItems();
            assertThat(pods).hasSize(2).allSatisfy(p -> assertThat(p.getStatus().getConditions())
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
            assertThat(client.apps().deployments().inNamespace(env).withName("web").get().getStatus()
                    .getAvailableReplicas()).isEqualTo(2);
        });
        Deployment web = client.apps().deployments().inNamespace(env).withName("web").get();
        assertThat(HealthChecks.defaults().assess(client.genericKubernetesResources("apps/v1", "Deployment")
                .inNamespace(env).withName("web").get()).code()).isEqualTo(Health.Healthy);
        assertThat(web.getMetadata().getManagedFields()).extracting(ManagedFieldsEntry::getManager)
                .contains("kube-controller-manager", "plumbline")
                .doesNotContain(WorkloadSimulator.FIELD_MANAGER);

        Run diff = CliDiffIT.run(args("diff", repo, cluster));
        assertThat(diff.code()).as(diff.out() + diff.err()).isZero();
    }

    @Test
    void aCrashLoopingRolloutIsDegradedByTheRealDeploymentController(TestCluster cluster) {
        String env = cluster.namespace();
        GitRepoFixture repo = repo(env, deployment("doomed", 1, true));

        Run sync = CliDiffIT.run(args("sync", repo, cluster));

        // a plain sync applies and reports health as it stands; the rollout's verdict comes from the real controller
        assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
        assertThat(sync.err()).contains("created Deployment/" + env + "/doomed");
        KubernetesClient client = cluster.client();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            Pod pod = client.pods().inNamespace(env).list().getItems().get(0);
            assertThat(pod.getStatus().getContainerStatuses().get(0).getRestartCount()).isGreaterThan(1);
            Deployment doomed = client.apps().deployments().inNamespace(env).withName("doomed").get();
            assertThat(doomed.getStatus().getConditions())
                    .anyMatch(c -> "ProgressDeadlineExceeded".equals(c.getReason()));
        });
        GenericKubernetesResource live = client.genericKubernetesResources("apps/v1", "Deployment").inNamespace(env)
                .withName("doomed").get();
        assertThat(HealthChecks.defaults().assess(live).code()).isEqualTo(Health.Degraded);
    }

    @Test
    void aPrunedNamespaceHoldingOnlyWhatKubernetesPutsThereReallyGoes(TestCluster cluster) {
        String env = cluster.namespace();
        String extra = env + "-extra";
        GitRepoFixture repo = repo(env, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + extra + "\n");
        assertThat(CliDiffIT.run(args("sync", repo, cluster)).code()).isZero();
        // the real controllers fill it as they fill every namespace
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.client().serviceAccounts().inNamespace(extra)
                .withName("default").get() != null && cluster.client().configMaps().inNamespace(extra)
                .withName("kube-root-ca.crt").get() != null);

        repo.delete("environments/" + env + "/app.yaml").write("environments/" + env + "/app.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n").commit("drop the namespace");
        Run prune = CliDiffIT.run(args("sync", repo, cluster));

        assertThat(prune.code()).as(prune.out() + prune.err()).isZero();
        assertThat(prune.out()).contains("Namespace/" + extra);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> cluster.client().namespaces().withName(extra).get() == null);
    }

    private GitRepoFixture repo(String env, String manifests) {
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"))
                .write("environments/" + env + "/plumbline.yaml",
                        "namespace: " + env + "\nsync:\n  waitTimeout: 40s\n")
                .write("environments/" + env + "/app.yaml", manifests);
        repo.commit("first");
        return repo;
    }

    private String[] args(String verb, GitRepoFixture repo, TestCluster cluster) {
        return new String[] {verb, "--repo", repo.dir().toString(), "--env", cluster.namespace(),
                "--kubeconfig", cluster.kubeconfigPath().toString(), "--state-namespace", cluster.stateNamespace(),
                "--cache-dir", tmp.resolve("cache").toString()};
    }

    private static String deployment(String name, int replicas, boolean fail) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  progressDeadlineSeconds: 10
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                      annotations: {%3$s}
                    spec:
                      containers:
                        - name: app
                          image: nginx:1.25
                """.formatted(name, replicas, fail ? "plumbline.dev/simulate: fail" : "");
    }
}
