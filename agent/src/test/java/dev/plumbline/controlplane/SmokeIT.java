package dev.plumbline.controlplane;

import static dev.plumbline.testing.Workloads.daemonSet;
import static dev.plumbline.testing.Workloads.deployment;
import static dev.plumbline.testing.Workloads.job;
import static dev.plumbline.testing.Workloads.statefulSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the rest of Plumbline relies on from the test API server: SSA, dry-run, defaulting, watches, status. */
@ExtendWith(KubernetesExtension.class)
class SmokeIT {

    private static final Duration CONVERGE = Duration.ofSeconds(20);

    private TestCluster cluster; // injected

    @Test
    void serverSideApplyCreatesADeployment() {
        Deployment applied = apply(deployment("api", 2, "nginx:1.25"));

        assertThat(applied.getMetadata().getUid()).isNotBlank();
        assertThat(applied.getSpec().getReplicas()).isEqualTo(2);
        assertThat(live("api").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("nginx:1.25");
    }

    @Test
    void serverSideApplyDryRunChangesNothing() {
        String before = apply(deployment("api", 1, "nginx:1.25")).getMetadata().getResourceVersion();

        Deployment answer = client().resource(deployment("api", 3, "nginx:1.26")).inNamespace(cluster.namespace())
                .dryRun().fieldManager("plumbline").forceConflicts().serverSideApply();

        assertThat(answer.getSpec().getReplicas()).isEqualTo(3);
        assertThat(answer.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
        Deployment live = live("api");
        assertThat(live.getMetadata().getResourceVersion()).isEqualTo(before);
        assertThat(live.getSpec().getReplicas()).isEqualTo(1);
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.25");
    }

    @Test
    void apiServerDefaultsFields() {
        Deployment live = apply(deployment("api", 1, "nginx:1.25"));

        Container container = live.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(live.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(live.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(live.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        assertThat(container.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(live.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void managedFieldsNamePlumblineAsApplyManager() {
        apply(deployment("api", 1, "nginx:1.25"));

        List<ManagedFieldsEntry> entries = live("api").getMetadata().getManagedFields();
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.getManager()).isEqualTo("plumbline");
            assertThat(entry.getOperation()).isEqualTo("Apply");
            assertThat(entry.getFieldsV1().getAdditionalProperties()).containsKey("f:spec");
        });
    }

    @Test
    void watchSeesAConfigMapModification() {
        List<String> events = new CopyOnWriteArrayList<>();
        client().resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .withNamespace(cluster.namespace()).endMetadata().addToData("level", "info").build()).create();
        try (Watch ignored = client().configMaps().inNamespace(cluster.namespace()).watch(recorder(events))) {
            client().configMaps().inNamespace(cluster.namespace()).withName("settings")
                    .edit(cm -> new ConfigMapBuilder(cm).addToData("level", "debug").build());

            await().atMost(CONVERGE).untilAsserted(() -> assertThat(events).contains("MODIFIED settings level=debug"));
        }
    }

    @Test
    void negativeReplicasAreRejectedWith422() {
        assertThatThrownBy(() -> apply(deployment("broken", -1, "nginx:1.25")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.replicas");
                });
    }

    @Test
    void simulatorRollsOutADeployment() {
        apply(deployment("api", 3, "nginx:1.25"));

        await().atMost(CONVERGE).untilAsserted(() -> {
            Deployment live = live("api");
            assertThat(live.getStatus().getObservedGeneration()).isEqualTo(live.getMetadata().getGeneration());
            assertThat(live.getStatus().getUpdatedReplicas()).isEqualTo(3);
            assertThat(live.getStatus().getAvailableReplicas()).isEqualTo(3);
            assertThat(condition(live, "Available").getStatus()).isEqualTo("True");
            assertThat(condition(live, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });
        assertThat(live("api").getMetadata().getManagedFields())
                .anySatisfy(e -> assertThat(e.getManager()).isEqualTo(WorkloadSimulator.FIELD_MANAGER));
    }

    @Test
    void simulatorFollowsANewGeneration() {
        apply(deployment("api", 1, "nginx:1.25"));
        await().atMost(CONVERGE).until(() -> live("api").getStatus() != null
                && Integer.valueOf(1).equals(live("api").getStatus().getAvailableReplicas()));

        apply(deployment("api", 2, "nginx:1.26"));

        await().atMost(CONVERGE).untilAsserted(() -> {
            Deployment live = live("api");
            assertThat(live.getMetadata().getGeneration()).isEqualTo(2);
            assertThat(live.getStatus().getObservedGeneration()).isEqualTo(2);
            assertThat(live.getStatus().getAvailableReplicas()).isEqualTo(2);
        });
    }

    @Test
    void simulatorFailsADeploymentOnRequest() {
        cluster.simulator().failNext("Deployment", cluster.namespace(), "api");

        apply(deployment("api", 2, "nginx:1.25"));

        await().atMost(CONVERGE).untilAsserted(() -> {
            Deployment live = live("api");
            assertThat(condition(live, "Progressing").getStatus()).isEqualTo("False");
            assertThat(condition(live, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(live.getStatus().getAvailableReplicas()).as("omitted when 0").isNull();
            assertThat(live.getStatus().getUnavailableReplicas()).isEqualTo(2);
        });
    }

    /** The demo's and the tests' way to make a revision fail: the pod-template annotation, no call to the simulator. */
    @Test
    void simulatorFailsAPodTemplateAnnotatedToFail() {
        Deployment failing = deployment("api", 2, "nginx:1.25");
        failing.getSpec().getTemplate().getMetadata().setAnnotations(java.util.Map.of("plumbline.dev/simulate", "fail"));
        apply(failing);

        await().atMost(CONVERGE).untilAsserted(() -> {
            Deployment live = live("api");
            assertThat(condition(live, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(live.getStatus().getUnavailableReplicas()).isEqualTo(2);
        });
    }

    @Test
    void simulatorFailsARunningDeploymentAndRecoversIt() {
        apply(deployment("api", 1, "nginx:1.25"));
        await().atMost(CONVERGE).until(() -> "NewReplicaSetAvailable".equals(progressingReason()));
        ResourceKey key = ResourceKey.of("apps", "Deployment", cluster.namespace(), "api");

        cluster.simulator().fail(key);
        await().atMost(CONVERGE).until(() -> "ProgressDeadlineExceeded".equals(progressingReason()));

        cluster.simulator().recover(key);
        await().atMost(CONVERGE).until(() -> "NewReplicaSetAvailable".equals(progressingReason()));
    }

    @Test
    void simulatorRollsOutStatefulSetsAndDaemonSets() {
        client().resource(statefulSet("db")).inNamespace(cluster.namespace()).create();
        client().resource(daemonSet("agent")).inNamespace(cluster.namespace()).create();

        await().atMost(CONVERGE).untilAsserted(() -> {
            StatefulSet db = client().apps().statefulSets().inNamespace(cluster.namespace()).withName("db").get();
            assertThat(db.getStatus().getReadyReplicas()).isEqualTo(2);
            assertThat(db.getStatus().getCurrentRevision()).isEqualTo(db.getStatus().getUpdateRevision());
            DaemonSet agent = client().apps().daemonSets().inNamespace(cluster.namespace()).withName("agent").get();
            assertThat(agent.getStatus().getDesiredNumberScheduled()).isEqualTo(1);
            assertThat(agent.getStatus().getNumberReady()).isEqualTo(1);
            assertThat(agent.getStatus().getObservedGeneration()).isEqualTo(1);
        });
    }

    @Test
    void simulatorStopsWritingOnceSettled() {
        cluster.simulator().failNext("StatefulSet", cluster.namespace(), "db");
        apply(deployment("idle", 0, "nginx:1.25"));
        client().resource(statefulSet("db")).inNamespace(cluster.namespace()).create();
        // a new object already has "status: {}", so wait for a field only the simulator writes
        await().atMost(CONVERGE).until(() -> statefulSetRevision() != null
                && live("idle").getStatus().getObservedGeneration() != null);

        // zero counts are omitted by the server; a simulator comparing them naively would rewrite status forever
        String versions = resourceVersions();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> resourceVersions().equals(versions));
        assertThat(client().apps().statefulSets().inNamespace(cluster.namespace()).withName("db").get()
                .getStatus().getReadyReplicas()).as("failed rollout: none ready").isNull();
    }

    @Test
    void simulatorCompletesAJobAndFailsAnother() {
        cluster.simulator().failNext("Job", cluster.namespace(), "doomed");

        client().resource(job("migrate")).inNamespace(cluster.namespace()).create();
        client().resource(job("doomed")).inNamespace(cluster.namespace()).create();

        await().atMost(CONVERGE).untilAsserted(() -> {
            Job done = client().batch().v1().jobs().inNamespace(cluster.namespace()).withName("migrate").get();
            assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
            assertThat(done.getStatus().getCompletionTime()).isNotBlank();
            assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Complete");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            Job doomed = client().batch().v1().jobs().inNamespace(cluster.namespace()).withName("doomed").get();
            assertThat(doomed.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Failed");
                assertThat(c.getStatus()).isEqualTo("True");
            });
        });
        assertThat(cluster.simulator().errors()).isEmpty();
    }

    @Test
    void limitedUserIsForbiddenWhereAdminIsNot() {
        try (KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER)) {
            assertThatThrownBy(() -> limited.configMaps().inNamespace(cluster.namespace()).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(client().configMaps().inNamespace(cluster.namespace()).list().getItems()).isNotNull();
    }

    private KubernetesClient client() {
        return cluster.client();
    }

    private Deployment apply(Deployment deployment) {
        return client().resource(deployment).inNamespace(cluster.namespace())
                .fieldManager("plumbline").forceConflicts().serverSideApply();
    }

    private Deployment live(String name) {
        return client().apps().deployments().inNamespace(cluster.namespace()).withName(name).get();
    }

    private String progressingReason() {
        Deployment live = live("api");
        return live.getStatus() == null ? null : live.getStatus().getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType())).map(DeploymentCondition::getReason)
                .findFirst().orElse(null);
    }

    private String statefulSetRevision() {
        StatefulSet db = client().apps().statefulSets().inNamespace(cluster.namespace()).withName("db").get();
        return db.getStatus() == null ? null : db.getStatus().getUpdateRevision();
    }

    private String resourceVersions() {
        return live("idle").getMetadata().getResourceVersion() + "/" + client().apps().statefulSets()
                .inNamespace(cluster.namespace()).withName("db").get().getMetadata().getResourceVersion();
    }

    private static DeploymentCondition condition(Deployment deployment, String type) {
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + deployment.getStatus()));
    }

    private static Watcher<ConfigMap> recorder(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap map) {
                events.add(action + " " + map.getMetadata().getName() + " level=" + map.getData().get("level"));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
