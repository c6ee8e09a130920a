package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.SyncEventsOnCluster;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.plumbline.sync.SyncHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

/** Immutable fields, conflicts and adoption, client-side-apply migration, attribution, ignored fields. */
@ExtendWith(KubernetesExtension.class)
class ApplyEdgesIT {

    static final String DEPLOYMENT = SyncHarness.yaml("api-and-settings-desired");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @Test
    void anImmutableChangeFailsAloneAndIsRecreatedWhenAllowed() {
        it.sync(it.objects(DEPLOYMENT));
        String newSelector = DEPLOYMENT.replace("{app: api}", "{app: api-v2}").replace("color: blue", "color: red");
        String uid = it.get("apps/v1", "Deployment", cluster.namespace(), "api").getMetadata().getUid();

        ChangeSet refused = it.sync(it.objects(newSelector));

        ChangeEntry failed = refused.find(key("apps", "Deployment", cluster.namespace(), "api")).orElseThrow();
        assertThat(failed.action()).isEqualTo(Action.FAILED);
        assertThat(failed.reason()).startsWith("Deployment/" + cluster.namespace() + "/api apply failed: HTTP 422: ")
                .contains("field is immutable");
        assertThat(refused.find(key("", "ConfigMap", cluster.namespace(), "settings")).orElseThrow().action())
                .as("the others are still applied").isEqualTo(Action.CONFIGURED);
        assertThat(refused.failed()).isTrue();
        assertThat(SyncEventsOnCluster.summaries(cluster.client(), cluster.stateNamespace(), it.env)).last()
                .satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("SyncFailed");
                    assertThat(e.getMessage()).startsWith(it.env + "@rev-1: 1 configured, 1 failed; failed: Deployment/"
                            + cluster.namespace() + "/api: Deployment/" + cluster.namespace() + "/api apply failed: HTTP 422: ");
                });
        assertThat(SyncEventsOnCluster.perObject(cluster.client())).isEmpty();

        ChangeSet replaced = it.sync(it.objects(newSelector.replace("annotations: {}",
                "annotations: {plumbline.dev/replace: \"true\"}")));

        ChangeEntry recreated = replaced.find(key("apps", "Deployment", cluster.namespace(), "api")).orElseThrow();
        assertThat(recreated.action()).isEqualTo(Action.CREATED);
        assertThat(recreated.reason()).startsWith("replaced (plumbline.dev/replace: \"true\"): ");
        var live = it.get("apps/v1", "Deployment", cluster.namespace(), "api");
        assertThat(live.getMetadata().getUid()).isNotEqualTo(uid);
        assertThat(live.toString()).contains("api-v2");
    }

    @Test
    void anotherEnvironmentsObjectIsSkippedUntilAdopted() {
        cluster.client().configMaps().inNamespace(cluster.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").addToLabels("plumbline.dev/environment", "elsewhere").endMetadata()
                .addToData("color", "green").build()).create();
        List<DesiredObject> desired = it.objects(DEPLOYMENT).subList(1, 2);

        ChangeSet skipped = it.sync(desired);

        assertThat(skipped.entries()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(Action.SKIPPED);
            assertThat(e.reason()).contains("labelled for environment elsewhere");
        });
        assertThat(it.inventoryKeys()).as("not ours: never a prune candidate").isEmpty();
        assertThat(configMap("settings").getData()).containsEntry("color", "green");

        ChangeSet adopted = it.sync(it.objects(DEPLOYMENT.replace("{name: settings, namespace: NS}",
                "{name: settings, namespace: NS, annotations: {plumbline.dev/adopt: \"true\"}}")).subList(1, 2));

        assertThat(adopted.entries()).extracting(ChangeEntry::action).containsExactly(Action.CONFIGURED);
        assertThat(configMap("settings").getMetadata().getLabels()).containsEntry("plumbline.dev/environment", it.env);
        assertThat(configMap("settings").getData()).containsEntry("color", "blue");
        assertThat(it.inventoryKeys()).containsExactly(key("", "ConfigMap", cluster.namespace(), "settings"));
    }

    @Test
    void aFieldRemovedFromGitDisappearsFromAnObjectCreatedByKubectlApply() throws Exception {
        it.kubectl("apply", "-f", it.file(SyncHarness.yaml("legacy-configmap-live")).toString());
        assertThat(managers(configMap("legacy"))).contains("kubectl-client-side-apply");
        List<DesiredObject> desired = it.fixture("legacy-configmap-desired");

        ChangeSet adopted = it.sync(desired);

        assertThat(adopted.entries()).extracting(ChangeEntry::action).containsExactly(Action.CONFIGURED);
        ConfigMap live = configMap("legacy");
        assertThat(live.getData()).containsExactly(Map.entry("color", "blue"));
        assertThat(live.getMetadata().getLabels()).doesNotContainKey("team");
        assertThat(managers(live)).doesNotContain("kubectl-client-side-apply").contains("plumbline");
        assertThat(it.sync(desired).entries()).extracting(ChangeEntry::action).containsExactly(Action.UNCHANGED);
    }

    @Test
    void aForcedApplyNamesWhoseFieldsItTookAndKeepsIgnoredFields() throws Exception {
        IgnoreRule replicas = new IgnoreRule("apps", "Deployment", null, null, List.of("/spec/replicas"), null);
        EnvironmentPolicy policy = new EnvironmentPolicy(null, null, null, List.of(replicas));
        it.sync(it.objects(DEPLOYMENT), policy, SyncOptions.defaults());
        it.kubectl("-n", cluster.namespace(), "patch", "configmap/settings", "--type=merge", "-p", "{\"data\":{\"color\":\"pink\"}}");
        it.kubectl("-n", cluster.namespace(), "scale", "deployment/api", "--replicas=5");

        ChangeSet result = it.sync(it.objects(DEPLOYMENT.replace("nginx:1.25", "nginx:1.26")), policy,
                SyncOptions.defaults());

        assertThat(result.find(key("", "ConfigMap", cluster.namespace(), "settings")).orElseThrow().takenFrom())
                .containsExactly("kubectl-patch");
        assertThat(configMap("settings").getData()).containsEntry("color", "blue");
        assertThat(result.find(key("apps", "Deployment", cluster.namespace(), "api")).orElseThrow().action())
                .isEqualTo(Action.CONFIGURED);
        var deployment = cluster.client().apps().deployments().inNamespace(cluster.namespace()).withName("api").get();
        assertThat(deployment.getSpec().getReplicas()).as("ignored: kept at its live value").isEqualTo(5);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.26");
    }

    @Test
    void aCrdAndObjectsOfItsKindConvergeInOneSync() {
        String group = cluster.namespace() + ".example.com";
        List<DesiredObject> desired = it.objects(SyncHarness.yaml("widget-crd-desired").replace("GROUP", group));

        ChangeSet result = it.sync(desired);

        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "created CustomResourceDefinition/widgets." + group,
                "created Widget/" + cluster.namespace() + "/w");
        assertThat(it.get(group + "/v1", "Widget", cluster.namespace(), "w")).isNotNull();
        assertThat(it.sync(desired).entries()).extracting(ChangeEntry::action)
                .containsExactly(Action.UNCHANGED, Action.UNCHANGED);
    }

    @Test
    void anEnvVariableRemovedFromGitDisappearsFromADeploymentCreatedByKubectlApply() throws Exception {
        String withTwo = SyncHarness.yaml("legacy-deployment-live");
        it.kubectl("apply", "-f", it.file(withTwo).toString());
        List<DesiredObject> desired = it.objects(withTwo.replaceAll("(?m)^ *- \\{name: DROP.*\n", ""));

        ChangeSet result = it.sync(desired);

        assertThat(result.entries()).extracting(ChangeEntry::action).containsExactly(Action.CONFIGURED);
        var env = cluster.client().apps().deployments().inNamespace(cluster.namespace()).withName("legacy").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env).extracting(e -> e.getName()).containsExactly("KEEP");
    }

    private ConfigMap configMap(String name) {
        return cluster.client().configMaps().inNamespace(cluster.namespace()).withName(name).get();
    }

    private static List<String> managers(ConfigMap cm) {
        return cm.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).toList();
    }
}
