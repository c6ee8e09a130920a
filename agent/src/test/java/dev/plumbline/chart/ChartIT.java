package dev.plumbline.chart;

import static dev.plumbline.chart.ChartRender.customValues;
import static dev.plumbline.chart.ChartRender.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.plumbline.chart.ChartRender.Rendered;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every object charts/plumbline renders is accepted by a real API server: a server-side-apply dry-run (validation,
 * defaulting, RBAC escalation checks, admission) of each, with default and with non-default values.
 */
@ExtendWith(KubernetesExtension.class)
class ChartIT {

    private static final String FIELD_MANAGER = "helm-test";
    private static final String SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";

    private TestCluster cluster; // injected
    private final List<String> extraNamespaces = new ArrayList<>();

    @AfterEach
    void deleteExtraNamespaces() {
        extraNamespaces.forEach(ns -> client().namespaces().withName(ns).delete());
    }

    @Test
    void defaultValuesAreAcceptedByTheApiServer() {
        Rendered rendered = render(cluster.namespace(), Map.of());

        List<GenericKubernetesResource> answers = dryRunApplyAll(rendered);

        assertThat(answers).extracting(GenericKubernetesResource::getKind).containsExactlyElementsOf(rendered.kinds());
        assertNothingWasCreated(rendered);
    }

    @Test
    void nonDefaultValuesAreAcceptedByTheApiServer() {
        String teamA = createNamespace(cluster.namespace() + "-a");
        String teamB = createNamespace(cluster.namespace() + "-b");
        // the Prometheus Operator's CRD is not on the test server: a minimal stand-in so the ServiceMonitor resolves
        ensureServiceMonitorCrd();
        Rendered rendered = render(cluster.namespace(), customValues(List.of(teamA, teamB), cluster.stateNamespace()));
        assertThat(rendered.kinds()).contains("ServiceMonitor", "Role").doesNotContain("ClusterRole");

        List<GenericKubernetesResource> answers = dryRunApplyAll(rendered);

        assertThat(answers).extracting(GenericKubernetesResource::getKind).containsExactlyElementsOf(rendered.kinds());
        assertThat(answers).filteredOn(a -> a.getKind().equals("Role"))
                .extracting(a -> a.getMetadata().getNamespace())
                .containsExactlyInAnyOrder(teamA, teamB, cluster.namespace(), cluster.stateNamespace());
        assertNothingWasCreated(rendered);
    }

    @Test
    void theServerKeepsTheLockedDownPodSpec() {
        Rendered rendered = render(cluster.namespace(), Map.of());

        GenericKubernetesResource deployment = dryRunApply(rendered.one("Deployment"));

        Map<String, Object> container = ChartRender.get(deployment.getAdditionalProperties(),
                "spec", "template", "spec", "containers", 0);
        assertThat(ChartRender.<Map<String, Object>>get(container, "securityContext"))
                .containsEntry("readOnlyRootFilesystem", true).containsEntry("runAsNonRoot", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat((String) ChartRender.get(container, "readinessProbe", "httpGet", "scheme")).as("defaulted").isEqualTo("HTTP");
        assertThat((String) ChartRender.get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/liveness");
    }

    private List<GenericKubernetesResource> dryRunApplyAll(Rendered rendered) {
        return rendered.objects().stream().map(this::dryRunApply).toList();
    }

    private GenericKubernetesResource dryRunApply(Map<String, Object> object) {
        GenericKubernetesResource resource = client().getKubernetesSerialization()
                .convertValue(object, GenericKubernetesResource.class);
        GenericKubernetesResource answer = client().resource(resource).dryRun().fieldManager(FIELD_MANAGER)
                .forceConflicts().serverSideApply();
        assertThat(answer.getMetadata().getName()).isEqualTo(resource.getMetadata().getName());
        return answer;
    }

    private void assertNothingWasCreated(Rendered rendered) {
        for (Map<String, Object> object : rendered.objects()) {
            GenericKubernetesResource resource = client().getKubernetesSerialization()
                    .convertValue(object, GenericKubernetesResource.class);
            assertThat(client().resource(resource).get()).as("dry-run only: %s/%s", resource.getKind(),
                    resource.getMetadata().getName()).isNull();
        }
    }

    private String createNamespace(String name) {
        client().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("plumbline.dev/test", "true").endMetadata().build()).create();
        extraNamespaces.add(name);
        return name;
    }

    /** Cluster-scoped and shared by every test of this JVM: created once, left in place (only this class uses it). */
    private void ensureServiceMonitorCrd() {
        client().resource(serviceMonitorCrd()).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        await().atMost(Duration.ofSeconds(30)).until(this::serviceMonitorsServed);
    }

    private boolean serviceMonitorsServed() {
        CustomResourceDefinition live = client().apiextensions().v1().customResourceDefinitions()
                .withName(SERVICE_MONITOR_CRD).get();
        return live.getStatus() != null && live.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }

    private static CustomResourceDefinition serviceMonitorCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(SERVICE_MONITOR_CRD).endMetadata()
                .withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                .withNewNames().withKind("ServiceMonitor").withPlural("servicemonitors").withSingular("servicemonitor")
                .withListKind("ServiceMonitorList").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object")
                        .withXKubernetesPreserveUnknownFields(true).build()).endSchema()
                .endVersion()
                .endSpec().build();
    }

    private KubernetesClient client() {
        return cluster.client();
    }
}
