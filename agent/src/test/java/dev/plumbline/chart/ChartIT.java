package dev.plumbline.chart;

import static dev.plumbline.chart.ChartRender.customValues;
import static dev.plumbline.chart.ChartRender.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.plumbline.chart.ChartRender.Rendered;
import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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

    /**
     * The chart's impersonation rules, bound to a user with no other rights, are exactly enough for the agent's
     * requests as {@code limits.<env>.serviceAccount} (user and groups, as {@link ClusterConnection#impersonating} sends
     * them), and for no other ServiceAccount.
     */
    @Test
    void theImpersonationRulesLetTheAgentActAsItsServiceAccountAndNoOther() {
        String env = cluster.namespace();
        String state = cluster.stateNamespace();
        Rendered rendered = render(env, Map.of("environments", List.of(env), "stateNamespace", state,
                "limits", Map.of(env, Map.of("serviceAccount", "deployer"))));
        Map<String, Object> groups = rendered.one("ClusterRole", "plumbline-impersonate");
        Map<String, Object> accounts = rendered.ofKind("Role").stream()
                .filter(r -> "plumbline-impersonate".equals(ChartRender.get(r, "metadata", "name"))).findFirst().orElseThrow();
        assertThat(ChartRender.<String>get(accounts, "metadata", "namespace")).isEqualTo(state);
        String clusterRole = "plumbline-impersonate-" + env; // cluster-scoped: unique per test, deleted after it
        client().resource(new ClusterRoleBuilder().withNewMetadata().withName(clusterRole).endMetadata()
                .withRules(client().getKubernetesSerialization().convertValue(groups.get("rules"), PolicyRule[].class)).build()).create();
        client().resource(new RoleBuilder().withNewMetadata().withName("impersonate").withNamespace(state).endMetadata()
                .withRules(client().getKubernetesSerialization().convertValue(accounts.get("rules"), PolicyRule[].class)).build()).create();
        try {
            client().resource(new ClusterRoleBindingBuilder().withNewMetadata().withName(clusterRole).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(clusterRole).endRoleRef()
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(ControlPlaneOptions.LIMITED_USER)
                    .endSubject().build()).create();
            client().resource(new RoleBindingBuilder().withNewMetadata().withName("impersonate").withNamespace(state).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("impersonate").endRoleRef()
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(ControlPlaneOptions.LIMITED_USER)
                    .endSubject().build()).create();
            // the ServiceAccount's own rights: ConfigMaps in the environment's namespace
            client().resource(new RoleBuilder().withNewMetadata().withName("deployer").withNamespace(env).endMetadata()
                    .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("list").endRule().build()).create();
            client().resource(new RoleBindingBuilder().withNewMetadata().withName("deployer").withNamespace(env).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("deployer").endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withName("deployer").withNamespace(state).endSubject().build()).create();

            try (KubernetesClient limited = cluster.newClient(ControlPlaneOptions.LIMITED_USER);
                 ClusterConnection agent = ClusterConnection.connect(limited.getConfiguration());
                 ClusterConnection deployer = agent.impersonating("system:serviceaccount:" + state + ":deployer",
                         List.of("system:serviceaccounts", "system:serviceaccounts:" + state, "system:authenticated"));
                 ClusterConnection other = agent.impersonating("system:serviceaccount:" + state + ":admin",
                         List.of("system:serviceaccounts", "system:serviceaccounts:" + state, "system:authenticated"))) {
                assertThat(deployer.reconcileClient().configMaps().inNamespace(env).list().getItems()).isNotNull();
                assertThatThrownBy(() -> agent.reconcileClient().configMaps().inNamespace(env).list())
                        .as("the rights are the ServiceAccount's, not the agent's")
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
                assertThatThrownBy(() -> other.reconcileClient().configMaps().inNamespace(env).list())
                        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                        .hasMessageContaining("cannot impersonate");
            }
        } finally {
            client().rbac().clusterRoleBindings().withName(clusterRole).delete();
            client().rbac().clusterRoles().withName(clusterRole).delete();
        }
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
