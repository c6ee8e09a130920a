package dev.plumbline.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health of real objects on a real API server, their status written by the workload simulator. */
@ExtendWith(KubernetesExtension.class)
class HealthIT {

    private static final Duration CONVERGE = Duration.ofSeconds(20);

    private TestCluster cluster; // injected
    private final HealthChecks checks = HealthChecks.defaults();

    @Test
    void aDeploymentIsProgressingUntilTheSimulatorRollsItOutAndAgainAfterAScaleUp() {
        Deployment created = client().resource(Workloads.deployment("api", 2, "nginx:1.25"))
                .inNamespace(cluster.namespace()).create();
        // the create response predates any controller: nothing observed yet
        assertThat(checks.assess(generic(created)))
                .isEqualTo(HealthStatus.of(Health.Progressing, "waiting for rollout to be observed"));

        await().atMost(CONVERGE).until(() -> health("apps/v1", "Deployment", "api").equals(HealthStatus.healthy()));

        Deployment scaled = client().apps().deployments().inNamespace(cluster.namespace()).withName("api").edit(d -> {
            d.getSpec().setReplicas(3);
            return d;
        });
        assertThat(checks.assess(generic(scaled)).code()).isEqualTo(Health.Progressing);
        await().atMost(CONVERGE).until(() -> health("apps/v1", "Deployment", "api").equals(HealthStatus.healthy()));
    }

    @Test
    void aDeploymentPastItsProgressDeadlineIsDegraded() {
        cluster.simulator().failNext("Deployment", cluster.namespace(), "api");
        client().resource(Workloads.deployment("api", 2, "nginx:1.25")).inNamespace(cluster.namespace()).create();

        await().atMost(CONVERGE).until(() -> health("apps/v1", "Deployment", "api").equals(
                HealthStatus.of(Health.Degraded, "deployment \"api\" exceeded its progress deadline")));
    }

    @Test
    void aCompletedJobIsHealthyAndAFailedOneDegraded() {
        cluster.simulator().failNext("Job", cluster.namespace(), "doomed");
        client().resource(Workloads.job("migrate")).inNamespace(cluster.namespace()).create();
        client().resource(Workloads.job("doomed")).inNamespace(cluster.namespace()).create();

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(health("batch/v1", "Job", "migrate")).isEqualTo(HealthStatus.of(Health.Healthy, "job completed"));
            assertThat(health("batch/v1", "Job", "doomed")).isEqualTo(HealthStatus.of(Health.Degraded,
                    "job failed: BackoffLimitExceeded: Job has reached the specified backoff limit"));
        });
    }

    @Test
    void statefulSetsAndDaemonSetsBecomeHealthy() {
        client().resource(Workloads.statefulSet("db")).inNamespace(cluster.namespace()).create();
        client().resource(Workloads.daemonSet("logs")).inNamespace(cluster.namespace()).create();

        await().atMost(CONVERGE).untilAsserted(() -> {
            assertThat(health("apps/v1", "StatefulSet", "db")).isEqualTo(HealthStatus.healthy());
            assertThat(health("apps/v1", "DaemonSet", "logs")).isEqualTo(HealthStatus.healthy());
        });
    }

    @Test
    void objectsWithoutStatusAreHealthyAndAbsentOnesMissing() {
        client().resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("LOG_LEVEL", "info").build()).inNamespace(cluster.namespace()).create();

        assertThat(health("v1", "ConfigMap", "settings")).isEqualTo(HealthStatus.healthy());
        assertThat(health("v1", "ConfigMap", "nope")).isEqualTo(HealthStatus.of(Health.Missing, "object does not exist"));
    }

    @Test
    void theApiServerEstablishesACrd() {
        String name = "widgets" + cluster.namespace().replaceAll("[^a-z0-9]", "") + ".example.com";
        client().resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withGroup(name.substring(name.indexOf('.') + 1)).withScope("Namespaced")
                .withNewNames().withKind("Widget").withPlural(name.substring(0, name.indexOf('.'))).endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        try {
            await().atMost(CONVERGE).until(() -> checks.assess(client().genericKubernetesResources(
                    "apiextensions.k8s.io/v1", "CustomResourceDefinition").withName(name).get())
                    .equals(HealthStatus.healthy()));
        } finally {
            client().apiextensions().v1().customResourceDefinitions().withName(name).delete();
        }
    }

    private HealthStatus health(String apiVersion, String kind, String name) {
        return checks.assess(client().genericKubernetesResources(apiVersion, kind).inNamespace(cluster.namespace())
                .withName(name).get());
    }

    private GenericKubernetesResource generic(HasMetadata typed) {
        KubernetesClient client = client();
        return client.getKubernetesSerialization().convertValue(typed, GenericKubernetesResource.class);
    }

    private KubernetesClient client() {
        return cluster.client();
    }
}
