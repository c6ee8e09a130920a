package dev.plumbline.sync;

import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.SyncEventsOnCluster;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.plumbline.sync.SyncHarness.key;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every prune guard, each on objects that are in the inventory and no longer in Git: without the guard, the sync
 * would delete them.
 */
@ExtendWith(KubernetesExtension.class)
class PruneGuardsIT {

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @Test
    void anEmptyRenderPrunesNothingUnlessAllowed() {
        it.sync(configMaps(3));

        ChangeSet empty = it.sync(List.of());

        assertThat(empty.guard()).contains("the render is empty and would prune all 3 objects");
        assertThat(empty.failed()).isTrue();
        assertThat(empty.entries()).extracting(ChangeEntry::action).containsOnly(Action.SKIPPED).hasSize(3);
        assertThat(liveConfigMaps()).hasSize(3);
        assertThat(it.inventoryKeys()).hasSize(3);

        ChangeSet allowed = it.sync(List.of(), SyncHarness.policy(100, 100, true, Duration.ofMinutes(1)),
                SyncOptions.defaults());
        assertThat(allowed.guard()).isNull();
        assertThat(allowed.entries()).extracting(ChangeEntry::action).containsOnly(Action.PRUNED).hasSize(3);
        assertThat(liveConfigMaps()).isEmpty();
        assertThat(it.inventoryKeys()).isEmpty();
    }

    @Test
    void aLargePruneNeedsConfirmation() {
        it.sync(configMaps(8));
        List<DesiredObject> two = configMaps(2);

        ChangeSet stopped = it.sync(two);

        assertThat(stopped.guard()).isEqualTo("prune of 6 objects (75% of 8) exceeds maxPrunePercent 30 and "
                + "maxPruneCount 5; repeat with confirmPrune");
        assertThat(liveConfigMaps()).hasSize(8);
        assertThat(it.inventoryKeys()).hasSize(8);
        assertThat(SyncEventsOnCluster.summaries(cluster.client(), cluster.stateNamespace(), it.env))
                .extracting(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).containsExactly(
                        "Normal Synced " + it.env + "@rev-1: 8 created",
                        "Warning SyncStopped " + it.env + "@rev-1: stopped, nothing applied or pruned: " + stopped.guard());

        ChangeSet confirmed = it.sync(two, SyncOptions.defaults().withConfirmPrune(true));
        assertThat(confirmed.summary()).containsEntry(Action.PRUNED, 6).containsEntry(Action.UNCHANGED, 2);
        assertThat(liveConfigMaps()).hasSize(2);
        assertThat(it.inventoryKeys()).hasSize(2);
    }

    @Test
    void pruneDisabledAnnotationStateObjectsAndPruneOffKeepObjects() {
        List<DesiredObject> objects = it.fixture("prune-exempt-desired");
        it.sync(objects);

        ChangeSet off = it.sync(List.of(objects.get(0)), SyncOptions.defaults().withPrune(false));
        assertThat(off.find(key("", "ConfigMap", cluster.namespace(), "plain")).orElseThrow().reason())
                .isEqualTo("not pruned: pruning is off for this sync");

        ChangeSet on = it.sync(List.of(objects.get(0)), SyncOptions.defaults().withConfirmPrune(true));
        ChangeSet gone = it.sync(List.of(), SyncHarness.policy(100, 100, true, Duration.ofMinutes(1)),
                SyncOptions.defaults());

        assertThat(on.entries()).extracting(ChangeEntry::toString).containsExactly(
                "unchanged ConfigMap/" + cluster.namespace() + "/keep",
                "skipped ConfigMap/" + cluster.namespace() + "/state (Plumbline's own state (plumbline.dev/state: "
                        + "history) is never pruned)",
                "pruned ConfigMap/" + cluster.namespace() + "/plain");
        assertThat(gone.find(key("", "ConfigMap", cluster.namespace(), "keep")).orElseThrow().reason())
                .isEqualTo("not pruned: plumbline.dev/prune: disabled");
        assertThat(liveConfigMaps()).containsExactly("keep", "state");
        assertThat(it.inventoryKeys()).as("kept objects stay in the inventory: their deletion was never confirmed")
                .hasSize(2);
    }

    @Test
    void anObjectWithAControllerIsLeftToIt() {
        List<DesiredObject> objects = configMaps(2);
        it.sync(objects);
        var owner = cluster.client().configMaps().inNamespace(cluster.namespace()).withName("cm-0").get();
        cluster.client().configMaps().inNamespace(cluster.namespace()).withName("cm-1").edit(cm -> new ConfigMapBuilder(cm)
                .editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                        .withName("cm-0").withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata().build());

        ChangeSet result = it.sync(List.of(objects.get(0)));

        assertThat(result.find(key("", "ConfigMap", cluster.namespace(), "cm-1")).orElseThrow())
                .extracting(ChangeEntry::action, ChangeEntry::reason)
                .containsExactly(Action.SKIPPED, "not pruned: controlled by ConfigMap/" + cluster.namespace() + "/cm-0");
        assertThat(liveConfigMaps()).containsExactly("cm-0", "cm-1");
    }

    @Test
    void aNamespaceHoldingForeignObjectsIsKept() {
        String app = cluster.namespace() + "-app";
        List<DesiredObject> objects = it.fixture("namespace-with-configmap-desired");
        it.sync(objects);
        cluster.client().configMaps().inNamespace(app).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("theirs").endMetadata().build()).create();

        ChangeSet result = it.sync(List.of(), SyncHarness.policy(100, 100, true, Duration.ofMinutes(1)),
                SyncOptions.defaults());

        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "pruned ConfigMap/" + app + "/ours",
                "skipped Namespace/" + app + " (not pruned: Namespace/" + app + " still holds ConfigMap/" + app + "/theirs)");
        assertThat(cluster.client().namespaces().withName(app).get().getMetadata().getDeletionTimestamp()).isNull();

        cluster.client().configMaps().inNamespace(app).withName("theirs").delete();
        ChangeSet emptied = it.sync(List.of(), SyncHarness.policy(100, 100, true, Duration.ofMinutes(1)),
                SyncOptions.defaults());
        // no namespace controller runs here, so the namespace stays Terminating: pruning, still in the inventory
        assertThat(emptied.entries()).extracting(ChangeEntry::action).containsExactly(Action.PRUNING);
        assertThat(it.inventoryKeys()).containsExactly(key("", "Namespace", null, app));
    }

    @Test
    void aCopiedLabelNeverMakesAnObjectPrunable() {
        it.sync(configMaps(1));
        cluster.client().configMaps().inNamespace(cluster.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("copied").addToLabels("plumbline.dev/environment", it.env)
                .addToLabels("app.kubernetes.io/managed-by", "plumbline").endMetadata().build()).create();

        ChangeSet result = it.sync(List.of(), SyncHarness.policy(100, 100, true, Duration.ofMinutes(1)),
                SyncOptions.defaults());

        assertThat(result.entries()).extracting(ChangeEntry::toString)
                .containsExactly("pruned ConfigMap/" + cluster.namespace() + "/cm-0");
        assertThat(liveConfigMaps()).containsExactly("copied");
    }

    private List<DesiredObject> configMaps(int n) {
        return it.objects(IntStream.range(0, n).mapToObj(i -> SyncHarness.yaml("configmap-n-desired").formatted(i, i)).collect(Collectors.joining("---\n")));
    }

    private List<String> liveConfigMaps() {
        return cluster.client().configMaps().inNamespace(cluster.namespace()).list().getItems().stream()
                .map(cm -> cm.getMetadata().getName()).sorted().toList();
    }
}
