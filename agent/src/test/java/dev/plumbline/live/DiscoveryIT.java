package dev.plumbline.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class DiscoveryIT {

    private TestCluster cluster; // injected
    private ClusterConnection connection;
    private Discovery discovery;

    @BeforeEach
    void connect() {
        connection = ClusterConnection.connect(cluster.kubeconfigPath());
        discovery = new Discovery(connection);
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void resolvesCoreAndAppsKindsWithPluralAndScope() {
        assertThat(discovery.resolve("v1", "ConfigMap")).isEqualTo(new ApiResource("", "v1", "ConfigMap", "configmaps", true));
        assertThat(discovery.resolve("v1", "Namespace")).isEqualTo(new ApiResource("", "v1", "Namespace", "namespaces", false));
        assertThat(discovery.resolve("apps/v1", "Deployment"))
                .isEqualTo(new ApiResource("apps", "v1", "Deployment", "deployments", true));
        assertThat(discovery.resolve("rbac.authorization.k8s.io/v1", "ClusterRole").namespaced()).isFalse();
        assertThat(discovery.servedVersions("apps", "Deployment")).containsExactly("v1");
        assertThat(discovery.servedVersions("", "Pod")).containsExactly("v1");
    }

    @Test
    void lookupsAreCachedOnTheWatchCounterAndNeverOnTheReconcileCounter() {
        discovery.resolve("apps/v1", "Deployment");
        long afterFirst = connection.watchCalls().count(ApiVerb.DISCOVERY);

        discovery.resolve("apps/v1", "Deployment");
        discovery.resolve("apps/v1", "StatefulSet");

        assertThat(afterFirst).isEqualTo(1);
        assertThat(connection.watchCalls().count(ApiVerb.DISCOVERY)).isEqualTo(1);
        assertThat(connection.reconcileCalls().total()).isZero();
    }

    @Test
    void anUnknownKindIsATypedError() {
        assertThatThrownBy(() -> discovery.resolve("apps/v1", "Deploymnet"))
                .isInstanceOf(UnknownKindException.class)
                .hasMessageStartingWith("Deploymnet (apps/v1) discovery failed:");
        assertThat(discovery.find("nosuch.example.com/v1", "Thing")).isEmpty();
    }

    @Test
    void aCrdCreatedAfterTheFirstLookupIsFoundAfterRefresh() {
        String group = cluster.namespace() + ".example.com"; // unique per test: CRDs are cluster-scoped
        assertThat(discovery.find(group + "/v1", "Widget")).isEmpty();
        assertThat(discovery.servedVersions(group, "Widget")).isEmpty();

        CustomResourceDefinition crd = cluster.client().resource(widgetCrd(group)).create();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> established(crd.getMetadata().getName()));
            await().atMost(Duration.ofSeconds(30)).until(() -> discovery.find(group + "/v1", "Widget").isPresent());

            assertThat(discovery.resolve(group + "/v1", "Widget"))
                    .isEqualTo(new ApiResource(group, "v1", "Widget", "widgets", true));
            discovery.refresh();
            assertThat(discovery.servedVersions(group, "Widget")).containsExactly("v1");
            GenericKubernetesResource widget = new GenericKubernetesResourceBuilder().withApiVersion(group + "/v1")
                    .withKind("Widget").withNewMetadata().withName("w").withNamespace(cluster.namespace()).endMetadata()
                    .withAdditionalProperties(Map.of("spec", Map.of("size", 3))).build();
            assertThat(connection.reconcileClient().genericKubernetesResources(discovery.resolve(group + "/v1", "Widget")
                    .context()).resource(widget).create().getMetadata().getUid()).isNotBlank();
        } finally {
            cluster.client().resource(crd).delete();
        }
    }

    private boolean established(String name) {
        CustomResourceDefinition live = cluster.client().apiextensions().v1().customResourceDefinitions().withName(name).get();
        return live.getStatus() != null && live.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }

    static CustomResourceDefinition widgetCrd(String group) {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").withListKind("WidgetList")
                .endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
                .endVersion()
                .endSpec().build();
    }
}
