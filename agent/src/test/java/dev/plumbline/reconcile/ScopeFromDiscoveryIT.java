package dev.plumbline.reconcile;

import dev.plumbline.faults.Fault;
import dev.plumbline.faults.FaultLedgerExtension;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 case 4: whether a kind is namespaced comes from API discovery, never from the manifest or a built-in
 * table, so a cluster-scoped custom kind cannot walk past {@code restrictions.clusterScoped}.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class ScopeFromDiscoveryIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private String group;

    @BeforeEach
    void installCrd() {
        this.group = it.env + ".example.com";
        // An admin installs a cluster-scoped CRD; Git never mentions it.
        it.cluster.client().resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName("gadgets." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Cluster")
                .withNewNames().withKind("Gadget").withPlural("gadgets").withSingular("gadget").withListKind("GadgetList").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                return it.cluster.client().getApiResources(group + "/v1") != null;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    @AfterEach
    void deleteCrd() {
        it.cluster.client().genericKubernetesResources(group + "/v1", "Gadget").withName("g1").delete();
        it.cluster.client().apiextensions().v1().customResourceDefinitions().withName("gadgets." + group).delete();
    }

    /** Commits the Gadget and a ConfigMap under these restrictions; a Reconciler following them. */
    private Reconciler commit(String clusterScoped) {
        String dir = "environments/" + it.env + "/";
        it.repo.write(dir + "plumbline.yaml", "namespace: " + it.env + "\nrestrictions:\n  namespaces: [" + it.env + "]\n"
                        + "  clusterScoped: [" + clusterScoped + "]\n")
                .write(dir + "app.yaml", ReconcilerHarness.yaml("gadget-desired").replace("GROUP", group))
                .commit("a gadget");
        return it.start();
    }

    @Test
    @Fault("a cluster-scoped custom kind (admin-installed CRD) committed without a namespace")
    void aClusterScopedCustomKindOutsideClusterScopedRestrictionsIsAnErrorAndNothingIsApplied() {
        Reconciler reconciler = commit("Namespace, CustomResourceDefinition");

        EnvironmentReport report = reconciler.cycle(it.env, Trigger.POLL);

        assertThat(it.cluster.client().genericKubernetesResources(group + "/v1", "Gadget").withName("g1").get())
                .as("the cluster-scoped Gadget must not be created").isNull();
        assertThat(it.cluster.client().configMaps().inNamespace(it.env).withName("settings").get()).as("nothing applied").isNull();
        assertThat(report.error()).isNotNull();
        assertThat(report.problems()).anySatisfy(p -> assertThat(p)
                .startsWith("environments/" + it.env + "/app.yaml:6")
                .contains("Gadget/g1").contains("cluster-scoped").contains("restrictions.clusterScoped"));
    }

    @Test
    void anAllowedClusterScopedCustomKindIsAppliedWithoutANamespace() {
        Reconciler reconciler = commit("Gadget");

        EnvironmentReport report = reconciler.cycle(it.env, Trigger.POLL);

        assertThat(report.error()).isNull();
        assertThat(it.cluster.client().genericKubernetesResources(group + "/v1", "Gadget").withName("g1").get()).isNotNull();
        assertThat(report.entries()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("Gadget");
            assertThat(e.namespace()).as("identity without the default namespace").isNull();
        });
    }
}
