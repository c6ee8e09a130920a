package dev.plumbline.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every request of the reconcile client is counted by verb; informers' requests land on the watch counter only. */
@ExtendWith(KubernetesExtension.class)
class ClusterConnectionIT {

    private TestCluster cluster; // injected
    private ClusterConnection connection;

    @BeforeEach
    void connect() {
        connection = ClusterConnection.connect(cluster.kubeconfigPath());
    }

    @AfterEach
    void close() {
        connection.close();
    }

    @Test
    void reconcileRequestsAreCountedByVerb() {
        ConfigMap settings = configMap("settings", "a");
        Map<String, Long> before = connection.reconcileCalls().snapshot();

        var client = connection.reconcileClient();
        client.resource(settings).fieldManager("plumbline").forceConflicts().serverSideApply();
        client.resource(configMap("settings", "b")).dryRun().fieldManager("plumbline").forceConflicts().serverSideApply();
        client.configMaps().inNamespace(cluster.namespace()).withName("settings").get();
        client.configMaps().inNamespace(cluster.namespace()).list();
        client.configMaps().inNamespace(cluster.namespace()).withName("settings").delete();

        assertThat(connection.reconcileCalls().since(before)).containsExactlyInAnyOrderEntriesOf(Map.of(
                ApiVerb.APPLY, 1L, ApiVerb.DRY_RUN_APPLY, 1L, ApiVerb.GET, 1L, ApiVerb.LIST, 1L, ApiVerb.DELETE, 1L));
        assertThat(connection.watchCalls().total()).isZero();
    }

    @Test
    void informerListAndWatchLandOnTheWatchCounterOnly() {
        Map<String, Long> reconcileBefore = connection.reconcileCalls().snapshot();

        SharedIndexInformer<ConfigMap> informer = connection.watchClient().configMaps().inNamespace(cluster.namespace())
                .inform();
        try {
            await().atMost(Duration.ofSeconds(10)).until(informer::isWatching);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> connection.watchCalls().count(ApiVerb.WATCH) >= 1);

            assertThat(connection.watchCalls().count(ApiVerb.LIST)).isGreaterThanOrEqualTo(1);
            assertThat(connection.reconcileCalls().since(reconcileBefore)).isEmpty();
        } finally {
            informer.stop();
        }
    }

    private ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(cluster.namespace()).endMetadata()
                .addToData("value", value).build();
    }
}
