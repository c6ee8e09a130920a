package dev.plumbline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class EnvironmentStateStoreIT {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private TestCluster cluster; // injected
    private EnvironmentStateStore store;

    @BeforeEach
    void store() {
        store = new EnvironmentStateStore(cluster.client(), cluster.stateNamespace(),
                new EnvironmentStateStore.Options(10, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void roundTripsThroughOneReadableConfigMap() {
        assertThat(store.load("production")).isEqualTo(EnvironmentControl.empty());

        EnvironmentControl pinned = store.update("production", c -> c.withPinnedRevision("4f2a9c1"));
        EnvironmentControl restarted = new EnvironmentStateStore(cluster.client(), cluster.stateNamespace())
                .load("production");

        assertThat(pinned).isEqualTo(new EnvironmentControl("4f2a9c1", null, null, NOW));
        assertThat(restarted).isEqualTo(pinned);
        assertThat(restarted.pinned()).isTrue();
        ConfigMap stored = cluster.client().configMaps().inNamespace(cluster.stateNamespace())
                .withName("plumbline-state-production").get();
        assertThat(stored.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "plumbline", "plumbline.dev/state", "control",
                "plumbline.dev/state-of", "production"));
        assertThat(stored.getData().get("control.json")).contains("\"pinnedRevision\" : \"4f2a9c1\"");

        EnvironmentControl unpinned = store.update("production", c -> c.withPinnedRevision(null));
        assertThat(unpinned.pinned()).isFalse();
        assertThat(store.load("production")).isEqualTo(unpinned);
    }

    @Test
    void anUnchangedUpdateWritesNothing() {
        store.update("production", c -> c.withLastAppliedRevision("aaa111"));
        String version = resourceVersion();

        store.update("production", c -> c.withLastAppliedRevision("aaa111"));

        assertThat(resourceVersion()).isEqualTo(version);
    }

    @Test
    void aConcurrentUpdateIsRetriedAndBothChangesLand() {
        EnvironmentStateStore other = new EnvironmentStateStore(cluster.client(), cluster.stateNamespace());
        store.update("production", c -> c.withLastAppliedRevision("aaa111"));
        AtomicInteger calls = new AtomicInteger();

        EnvironmentControl result = store.update("production", current -> {
            if (calls.incrementAndGet() == 1) { // the API approves a revision between our read and our write
                other.update("production", c -> c.withApprovedRevision("bbb222"));
            }
            return current.withPinnedRevision("aaa111");
        });

        assertThat(calls).hasValue(2);
        assertThat(result).isEqualTo(new EnvironmentControl("aaa111", "bbb222", "aaa111", NOW));
        assertThat(store.load("production")).isEqualTo(result);
    }

    @Test
    void aCorruptObjectIsAnErrorNamingIt() {
        store.update("production", c -> c.withPinnedRevision("aaa111"));
        var configMaps = cluster.client().configMaps().inNamespace(cluster.stateNamespace());
        ConfigMap stored = configMaps.withName("plumbline-state-production").get();
        stored.setData(Map.of("control.json", "{\"formatVersion\":1,"));
        configMaps.resource(stored).update();

        assertThatThrownBy(() -> store.load("production"))
                .isInstanceOf(HistoryCorruptException.class)
                .hasMessageStartingWith("Control state production load failed: ConfigMap/" + cluster.stateNamespace()
                        + "/plumbline-state-production is corrupt: data.control.json does not decode");
    }

    private String resourceVersion() {
        return cluster.client().configMaps().inNamespace(cluster.stateNamespace()).withName("plumbline-state-production")
                .get().getMetadata().getResourceVersion();
    }
}
