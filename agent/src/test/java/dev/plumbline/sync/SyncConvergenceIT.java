package dev.plumbline.sync;

import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.SyncEventsOnCluster;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.plumbline.sync.SyncHarness.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A fresh environment converges, stays unchanged, takes one image change, loses one deleted file, and dry runs. */
@ExtendWith(KubernetesExtension.class)
class SyncConvergenceIT {

    static final String APP = SyncHarness.yaml("web-app-desired");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    private String ns;

    @BeforeEach
    void namespace() {
        ns = cluster.namespace() + "-web";
    }

    @Test
    void convergesThenStaysUnchangedThenTakesOneChangeAndOnePrune() {
        ChangeSet first = it.sync(it.objects(APP));

        assertThat(first.entries()).extracting(ChangeEntry::toString).containsExactly(
                "created Namespace/" + ns, "created ConfigMap/" + ns + "/settings", "created Service/" + ns + "/web",
                "created Deployment/" + ns + "/web");
        assertThat(first.failed()).isFalse();
        assertThat(it.inventoryKeys()).containsExactlyInAnyOrder(key("", "Namespace", null, ns),
                key("", "ConfigMap", ns, "settings"), key("", "Service", ns, "web"), key("apps", "Deployment", ns, "web"));
        await().atMost(Duration.ofSeconds(20)).until(() -> SyncHarness.DEPLOYMENT_HEALTH.assess(
                it.get("apps/v1", "Deployment", ns, "web")).code() == dev.plumbline.health.Health.Healthy);

        Map<String, String> versions = resourceVersions();
        Map<String, Long> before = it.connection.reconcileCalls().snapshot();
        ChangeSet second = it.sync(it.objects(APP));

        assertThat(second.entries()).extracting(ChangeEntry::action).containsOnly(Action.UNCHANGED).hasSize(4);
        assertThat(resourceVersions()).isEqualTo(versions);
        // only reads: the first sync's apply answers are the verdicts, and the simulated rollout since wrote status only
        assertThat(it.connection.reconcileCalls().since(before)).as("only reads")
                .containsOnlyKeys("get");

        ChangeSet third = it.sync(it.objects(APP.replace("nginx:1.25", "nginx:1.26")));

        assertThat(third.entries()).filteredOn(e -> e.action() != Action.UNCHANGED).extracting(ChangeEntry::toString)
                .containsExactly("configured Deployment/" + ns + "/web");
        assertThat(changedVersions(versions)).containsExactly("Deployment/web");

        List<DesiredObject> withoutConfigMap = new ArrayList<>(it.objects(APP.replace("nginx:1.25", "nginx:1.26")));
        withoutConfigMap.removeIf(o -> o.kind().equals("ConfigMap"));
        ChangeSet fourth = it.sync(withoutConfigMap);

        assertThat(fourth.entries()).filteredOn(e -> e.action() != Action.UNCHANGED).extracting(ChangeEntry::toString)
                .containsExactly("pruned ConfigMap/" + ns + "/settings");
        assertThat(it.get("v1", "ConfigMap", ns, "settings")).isNull();
        assertThat(it.inventoryKeys()).doesNotContain(key("", "ConfigMap", ns, "settings")).hasSize(3);
        assertThat(it.get("v1", "Service", ns, "web")).isNotNull();

        // One summary Event per sync that changed something (none for the second, which changed nothing), on the
        // inventory head; none on the objects.
        assertThat(summaries()).containsExactly(
                "Normal Synced " + it.env + "@rev-1: 4 created",
                "Normal Synced " + it.env + "@rev-1: 1 configured, 3 unchanged",
                "Normal Synced " + it.env + "@rev-1: 3 unchanged, 1 pruned");
        assertThat(SyncEventsOnCluster.perObject(cluster.client())).isEmpty();
    }

    private List<String> summaries() {
        return SyncEventsOnCluster.summaries(cluster.client(), cluster.stateNamespace(), it.env).stream()
                .peek(e -> assertThat(e.getInvolvedObject().getUid()).as("describe finds it by UID").isEqualTo(
                        cluster.client().configMaps().inNamespace(cluster.stateNamespace())
                                .withName("plumbline-inventory-" + it.env).get().getMetadata().getUid()))
                .map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList();
    }

    @Test
    void dryRunWritesNothing() {
        ChangeSet planned = it.sync(it.objects(APP), SyncOptions.defaults().withDryRun(true));

        assertThat(planned.dryRun()).isTrue();
        assertThat(planned.entries()).extracting(ChangeEntry::action).containsOnly(Action.CREATED).hasSize(4);
        assertThat(planned.find(key("", "ConfigMap", ns, "settings")).orElseThrow().reason())
                .contains("namespace " + ns + " is created by this sync");
        assertThat(it.get("v1", "Namespace", null, ns)).isNull();
        assertThat(it.inventory().isEmpty()).isTrue();

        it.sync(it.objects(APP));
        // the simulated rollout writes the Deployment's status after the sync: read versions once it has
        await().atMost(Duration.ofSeconds(20)).until(() -> SyncHarness.DEPLOYMENT_HEALTH.assess(
                it.get("apps/v1", "Deployment", ns, "web")).code() == dev.plumbline.health.Health.Healthy);
        Map<String, String> versions = resourceVersions();
        List<DesiredObject> changed = new ArrayList<>(it.objects(APP.replace("color: blue", "color: red")));
        changed.removeIf(o -> o.kind().equals("Service"));
        ChangeSet dry = it.sync(changed, SyncOptions.defaults().withDryRun(true));

        assertThat(dry.entries()).filteredOn(e -> e.action() != Action.UNCHANGED).extracting(ChangeEntry::toString)
                .containsExactly("configured ConfigMap/" + ns + "/settings",
                        "pruned Service/" + ns + "/web (dry run: would be deleted)");
        assertThat(resourceVersions()).isEqualTo(versions);
        assertThat(it.inventoryKeys()).hasSize(4);
        assertThat(summaries()).as("only the real syncs left an Event, one each").containsExactly(
                "Normal Synced " + it.env + "@rev-1: 4 created");
        assertThat(SyncEventsOnCluster.perObject(cluster.client())).isEmpty();
    }

    private Map<String, String> resourceVersions() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (GenericKubernetesResource o : List.of(it.get("v1", "Namespace", null, ns),
                it.get("v1", "ConfigMap", ns, "settings"), it.get("v1", "Service", ns, "web"),
                it.get("apps/v1", "Deployment", ns, "web"))) {
            out.put(o.getKind() + "/" + o.getMetadata().getName(), o.getMetadata().getResourceVersion());
        }
        return out;
    }

    private List<String> changedVersions(Map<String, String> before) {
        Map<String, String> now = resourceVersions();
        return now.keySet().stream().filter(k -> !now.get(k).equals(before.get(k))).toList();
    }
}
