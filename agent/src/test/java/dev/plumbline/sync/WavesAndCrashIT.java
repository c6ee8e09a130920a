package dev.plumbline.sync;

import dev.plumbline.engine.LiveObjects;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.plumbline.sync.SyncHarness.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Waves wait for health and stop on failure; a sync killed between the inventory write and the apply loses nothing. */
@ExtendWith(KubernetesExtension.class)
class WavesAndCrashIT {

    static final String TWO_WAVES = SyncHarness.yaml("two-waves-desired");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @Test
    void aLaterWaveStartsOnlyOnceTheEarlierOneIsHealthy() {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Health> dbAtWaveTwo = new CopyOnWriteArrayList<>();
        SyncListener listener = new SyncListener() {
            @Override
            public void wave(int index, int total, String description) {
                lines.add("applying wave " + index + " of " + total + ": " + description);
                if (index == 2) {
                    dbAtWaveTwo.add(SyncHarness.DEPLOYMENT_HEALTH.assess(
                            it.get("apps/v1", "Deployment", cluster.namespace(), "db")).code());
                }
            }
        };

        ChangeSet result = it.sync(it.objects(TWO_WAVES), SyncOptions.defaults().withListener(listener));

        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "created Deployment/" + cluster.namespace() + "/db", "created ConfigMap/" + cluster.namespace() + "/after");
        assertThat(lines).containsExactly("applying wave 1 of 2: Deployment (1 object)",
                "applying wave 2 of 2: sync-wave 1: ConfigMap (1 object)");
        assertThat(dbAtWaveTwo).as("the simulator had rolled it out before wave 1 was applied")
                .containsExactly(Health.Healthy);
    }

    @Test
    void aDegradedWaveStopsTheNextOne() {
        it.cluster.simulator().fail(key("apps", "Deployment", cluster.namespace(), "db"));

        ChangeSet result = it.sync(it.objects(TWO_WAVES),
                SyncHarness.policy(30, 5, false, Duration.ofSeconds(30)), SyncOptions.defaults());

        assertThat(result.failed()).isTrue();
        assertThat(result.entries()).extracting(ChangeEntry::toString).containsExactly(
                "failed Deployment/" + cluster.namespace() + "/db (created, then Deployment/" + cluster.namespace()
                        + "/db is Degraded: progress deadline exceeded)",
                "skipped ConfigMap/" + cluster.namespace() + "/after (not applied: wave 1 (sync-wave 0) did not become "
                        + "healthy: Deployment/" + cluster.namespace() + "/db is Degraded: progress deadline exceeded)");
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "after")).isNull();

        it.cluster.simulator().recover(key("apps", "Deployment", cluster.namespace(), "db"));
        ChangeSet recovered = it.sync(it.objects(TWO_WAVES));
        assertThat(recovered.entries()).extracting(ChangeEntry::action).containsExactly(Action.UNCHANGED, Action.CREATED);
    }

    @Test
    void aWaveThatNeverBecomesHealthyTimesOut() {
        SyncEngine stuck = new SyncEngine(it.diff,
                LiveObjects.direct(it.connection.reconcileClient(), it.discovery), it.store,
                live -> HealthStatus.of(Health.Progressing, "0/1 replicas available"));

        ChangeSet result = stuck.sync(new SyncRequest(it.env, "rev-1", it.objects(TWO_WAVES),
                SyncHarness.policy(30, 5, false, Duration.ofSeconds(1)), SyncOptions.defaults(), java.util.Map.of()));

        assertThat(result.find(key("apps", "Deployment", cluster.namespace(), "db")).orElseThrow().reason())
                .isEqualTo("created, then Deployment/" + cluster.namespace() + "/db is still Progressing after PT1S: "
                        + "0/1 replicas available");
        assertThat(result.find(key("", "ConfigMap", cluster.namespace(), "after")).orElseThrow().action())
                .isEqualTo(Action.SKIPPED);
    }

    @Test
    void aWaitForHealthSaysWhatItWaitsForAndAStopFromTheListenerEndsItAtOnce() {
        SyncEngine stuck = new SyncEngine(it.diff,
                LiveObjects.direct(it.connection.reconcileClient(), it.discovery), it.store,
                live -> HealthStatus.of(Health.Progressing, "0/1 replicas available"));
        List<String> lines = new CopyOnWriteArrayList<>();
        SyncListener printing = SyncListener.lines(lines::add);
        SyncListener stopping = new SyncListener() { // what a closed write gate (shutdown, lost lease) does
            private int looks;

            @Override
            public void waiting(dev.plumbline.resource.ResourceKey key, String status) {
                printing.waiting(key, status);
                if (++looks == 3) {
                    throw new IllegalStateException("stopped: the agent is shutting down");
                }
            }
        };
        long started = System.nanoTime();

        assertThatThrownBy(() -> stuck.sync(new SyncRequest(it.env, "rev-1", it.objects(TWO_WAVES),
                SyncHarness.policy(30, 5, false, Duration.ofMinutes(5)), SyncOptions.defaults().withListener(stopping),
                java.util.Map.of()))).hasMessage("stopped: the agent is shutting down");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the 5-minute wait ended at the stop")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(lines).as("one line per change of what it waits for, not one per look")
                .containsExactly("waiting for Deployment/" + cluster.namespace() + "/db: Progressing: 0/1 replicas available");
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "after")).as("the next wave never started").isNull();
    }

    @Test
    void aSyncKilledAfterTheInventoryWriteLosesNothing() {
        List<DesiredObject> ab = it.objects(configMaps("a", "b"));
        List<DesiredObject> ac = it.objects(configMaps("a", "c"));
        it.sync(ab);
        SyncListener killed = new SyncListener() {
            @Override
            public void inventoryWritten(Inventory inventory) {
                throw new IllegalStateException("killed");
            }
        };

        assertThatThrownBy(() -> it.sync(ac, SyncOptions.defaults().withListener(killed))).hasMessage("killed");
        assertThat(names(it.inventoryKeys())).containsExactly("a", "b", "c");
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "c")).as("never applied").isNull();

        ChangeSet next = it.sync(ac);

        assertThat(next.entries()).extracting(ChangeEntry::toString).containsExactly(
                "unchanged ConfigMap/" + cluster.namespace() + "/a", "created ConfigMap/" + cluster.namespace() + "/c",
                "pruned ConfigMap/" + cluster.namespace() + "/b");
        assertThat(names(it.inventoryKeys())).containsExactly("a", "c");

        // killed again, and the new object leaves Git before it was ever created: its entry goes as "already gone"
        assertThatThrownBy(() -> it.sync(it.objects(configMaps("a", "c", "d")), SyncOptions.defaults()
                .withListener(killed))).hasMessage("killed");
        ChangeSet after = it.sync(it.objects(configMaps("a", "c")));
        assertThat(after.entries()).extracting(ChangeEntry::toString).containsExactly(
                "unchanged ConfigMap/" + cluster.namespace() + "/a", "unchanged ConfigMap/" + cluster.namespace() + "/c",
                "pruned ConfigMap/" + cluster.namespace() + "/d (already gone)");
        assertThat(names(it.inventoryKeys())).containsExactly("a", "c");
    }

    private static String configMaps(String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ").append(name)
                    .append(", namespace: NS}\ndata: {k: v}\n---\n");
        }
        return out.toString();
    }

    private static List<String> names(List<dev.plumbline.resource.ResourceKey> keys) {
        return keys.stream().map(dev.plumbline.resource.ResourceKey::name).toList();
    }
}
