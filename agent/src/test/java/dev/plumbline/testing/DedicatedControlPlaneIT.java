package dev.plumbline.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.plumbline.controlplane.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension itself: injection, per-test namespaces, a dedicated control plane a test may stop. */
@ExtendWith(KubernetesExtension.class)
@DedicatedControlPlane
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DedicatedControlPlaneIT {

    private TestCluster cluster;      // injected
    private KubernetesClient client;  // injected, the same admin client

    @Test
    @Order(1)
    void injectsFreshNamespacesAndTheSameClient(TestCluster parameter) {
        assertThat(parameter).isSameAs(cluster);
        assertThat(client).isSameAs(cluster.client());
        assertThat(cluster.stateNamespace()).isEqualTo(cluster.namespace() + "-state");
        assertThat(client.namespaces().withName(cluster.namespace()).get().getStatus().getPhase()).isEqualTo("Active");
        assertThat(client.namespaces().withName(cluster.stateNamespace()).get()).isNotNull();
        assertThat(cluster.kubeconfigPath()).exists();
    }

    @Test
    @Order(2)
    void serviceAccountTokensComeFromTheTokenRequestApi() {
        client.resource(new ServiceAccountBuilder().withNewMetadata().withName("agent").endMetadata().build())
                .inNamespace(cluster.namespace()).create();

        TokenRequest issued = client.serviceAccounts().inNamespace(cluster.namespace()).withName("agent")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(600L).endSpec().build());

        try (KubernetesClient agent = cluster.controlPlane().newClientWithToken(issued.getStatus().getToken())) {
            // authenticated (a forged token would get 401 here), but RBAC grants the service account nothing yet
            assertThat(agent.authorization().v1().selfSubjectAccessReview()
                    .create(accessReview(cluster.namespace())).getStatus().getAllowed()).isFalse();
        }
    }

    @Test
    @Order(3)
    void aTestMayStopTheDedicatedControlPlane(LocalControlPlane controlPlane) {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("before-stop").endMetadata().build())
                .inNamespace(cluster.namespace()).create();

        controlPlane.stop();

        assertThat(controlPlane.isRunning()).isFalse();
    }

    @Test
    @Order(4)
    void theNextTestFindsItRunningWithItsData() {
        assertThat(cluster.controlPlane().isRunning()).isTrue();
        // the shared client reconnects to the same address; the simulator's informers resume their watches
        await().atMost(Duration.ofSeconds(30)).until(() -> client.configMaps().inAnyNamespace()
                .withField("metadata.name", "before-stop").list().getItems().size() == 1);

        client.resource(Workloads.deployment("api", 2, "nginx:1.25")).inNamespace(cluster.namespace()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> Integer.valueOf(2).equals(client.apps().deployments()
                .inNamespace(cluster.namespace()).withName("api").get().getStatus().getAvailableReplicas()));
    }

    private static io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview accessReview(String ns) {
        return new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder()
                .withNewSpec().withNewResourceAttributes().withNamespace(ns).withVerb("list").withResource("pods")
                .endResourceAttributes().endSpec().build();
    }
}
