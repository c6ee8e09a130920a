package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.plumbline.sync.SyncHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prune deletes only what is still the object Plumbline applied (DESIGN "Ownership and trust"): same UID, still
 * labelled for this environment, inside the current restrictions. Anything else is skipped with the reason, left
 * alone, and leaves the inventory. Inventories written before UIDs were recorded migrate without a prune of their own.
 */
@ExtendWith(KubernetesExtension.class)
class PruneIdentityIT {

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @Test
    void theInventoryRecordsTheUidOfEveryApply() {
        it.sync(configMaps("a", "b"));

        assertThat(it.inventory().entries()).extracting(InventoryEntry::uid)
                .containsExactly(live("a").getMetadata().getUid(), live("b").getMetadata().getUid());
    }

    @Test
    void aDryRunDecidesLikeTheSyncButLeavesTheInventory() throws Exception {
        it.sync(configMaps("a", "b"));
        it.kubectl("label", "configmap", "b", "-n", cluster.namespace(), "plumbline.dev/environment-");

        ChangeSet dry = it.sync(configMaps("a"), SyncOptions.defaults().withConfirmPrune(true).withDryRun(true));

        assertThat(dry.find(key("", "ConfigMap", ns(), "b")).orElseThrow().action()).isEqualTo(Action.SKIPPED);
        assertThat(it.inventoryKeys()).hasSize(2);
    }

    @Test
    void anObjectWhoseEnvironmentLabelWasRemovedIsNotPruned() throws Exception {
        it.sync(configMaps("a", "b"));
        String uid = live("b").getMetadata().getUid();
        it.kubectl("label", "configmap", "b", "-n", cluster.namespace(), "plumbline.dev/environment-");

        ChangeSet result = it.sync(configMaps("a"), SyncOptions.defaults().withConfirmPrune(true));

        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "unchanged ConfigMap/" + ns() + "/a",
                "skipped ConfigMap/" + ns() + "/b (not pruned: no longer labelled plumbline.dev/environment=" + it.env + ")");
        assertThat(live("b").getMetadata().getUid()).as("same object, left alone").isEqualTo(uid);
        assertThat(it.inventoryKeys()).containsExactly(key("", "ConfigMap", ns(), "a"));
    }

    /** ConfigMap {@code a} in the test namespace and ConfigMap {@code name} in namespace {@code elsewhere}, synced. */
    private List<DesiredObject> syncedHereAndIn(String elsewhere, String name) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(elsewhere).endMetadata()
                .build()).serverSideApply();
        List<DesiredObject> both = it.objects(SyncHarness.yaml("here-and-elsewhere-desired").replace("NAME", name).replace("ELSEWHERE", elsewhere));
        it.sync(both);
        return both;
    }

    @Test
    void anObjectOutsideTheCurrentRestrictionsIsNotPruned() {
        String elsewhere = ns() + "-b";
        List<DesiredObject> both = syncedHereAndIn(elsewhere, "b");
        EnvironmentPolicy narrowed = new EnvironmentPolicy(null, EnvironmentPolicy.defaults().sync(),
                new EnvironmentPolicy.Restrictions(List.of(ns()), null), List.of());

        ChangeSet result = it.sync(List.of(both.get(0)), narrowed, SyncOptions.defaults().withConfirmPrune(true));

        assertThat(result.find(key("", "ConfigMap", elsewhere, "b")).orElseThrow())
                .extracting(ChangeEntry::action, ChangeEntry::reason)
                .containsExactly(Action.SKIPPED, "not pruned: outside restrictions.namespaces [" + ns() + "]");
        assertThat(cluster.client().configMaps().inNamespace(elsewhere).withName("b").get()).isNotNull();
        assertThat(it.inventoryKeys()).containsExactly(key("", "ConfigMap", ns(), "a"));
    }

    @Test
    void anObjectOutsideTheOperatorsLimitsIsNotPrunedWhateverGitSays() {
        String elsewhere = ns() + "-c";
        List<DesiredObject> both = syncedHereAndIn(elsewhere, "c");

        // Git's restrictions allow everything; the operator now limits the environment to its own namespace
        ChangeSet result = it.sync(List.of(both.get(0)), SyncOptions.defaults().withConfirmPrune(true)
                .withLimits(new dev.plumbline.render.Restrictions(List.of(ns()), null)));

        assertThat(result.find(key("", "ConfigMap", elsewhere, "c")).orElseThrow())
                .extracting(ChangeEntry::action, ChangeEntry::reason)
                .containsExactly(Action.SKIPPED, "not pruned: outside the agent configuration's limits.namespaces ["
                        + ns() + "]");
        assertThat(cluster.client().configMaps().inNamespace(elsewhere).withName("c").get()).isNotNull();
        assertThat(it.inventoryKeys()).containsExactly(key("", "ConfigMap", ns(), "a"));
    }

    @Test
    void anInventoryWithoutUidsMigratesWithoutAPruneOfItsOwn() {
        it.sync(configMaps("a", "b"));
        cluster.client().configMaps().inNamespace(ns()).resource(new ConfigMapBuilder().withNewMetadata().withName("c")
                .addToLabels("plumbline.dev/environment", it.env).addToLabels("app.kubernetes.io/managed-by", "plumbline")
                .endMetadata().build()).create(); // our labels, but never applied by Plumbline
        Inventory current = it.inventory();
        List<InventoryEntry> oldFormat = List.of(InventoryEntry.of("v1", "ConfigMap", ns(), "a"),
                InventoryEntry.of("v1", "ConfigMap", ns(), "b"), InventoryEntry.of("v1", "ConfigMap", ns(), "c"),
                InventoryEntry.of("v1", "ConfigMap", ns(), "d"));
        it.store.save(new Inventory(it.env, oldFormat, current.resourceVersion())); // as the previous release wrote it

        ChangeSet result = it.sync(configMaps("a"), SyncOptions.defaults().withConfirmPrune(true));

        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "unchanged ConfigMap/" + ns() + "/a",
                "pruned ConfigMap/" + ns() + "/d (already gone)",
                "skipped ConfigMap/" + ns() + "/c (not pruned: no UID recorded (inventory of an earlier release), and "
                        + "managedFields do not show it applied by plumbline)",
                "pruned ConfigMap/" + ns() + "/b");
        assertThat(live("c")).as("never Plumbline's: left alone").isNotNull();
        assertThat(it.inventory().entries()).as("a's UID adopted from the live object, which is in Git and in sync")
                .extracting(InventoryEntry::key, InventoryEntry::uid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(key("", "ConfigMap", ns(), "a"), live("a").getMetadata().getUid()));
        assertThat(it.inventory().owner()).as("claimed by the first sync after the upgrade").isNotNull();
    }

    private List<DesiredObject> configMaps(String... names) {
        StringBuilder yaml = new StringBuilder();
        for (String name : names) {
            yaml.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ").append(name)
                    .append(", namespace: NS}\ndata: {name: ").append(name).append("}\n");
        }
        return it.objects(yaml.toString());
    }

    private io.fabric8.kubernetes.api.model.ConfigMap live(String name) {
        return cluster.client().configMaps().inNamespace(ns()).withName(name).get();
    }

    private String ns() {
        return cluster.namespace();
    }
}
