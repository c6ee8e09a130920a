package dev.plumbline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class HistoryStoreIT {

    private TestCluster cluster; // injected
    private HistoryStore store;

    @BeforeEach
    void store() {
        store = new HistoryStore(cluster.client(), cluster.stateNamespace());
    }

    @Test
    void appendsAndListsNewestFirstInOneLabelledConfigMap() {
        assertThat(store.list("production")).isEmpty();

        SyncRecord first = store.append(HistoryCodecTest.record("aaa111"));
        SyncRecord second = store.append(HistoryCodecTest.record("bbb222").withMessage("1 object failed"));

        assertThat(first.id()).isEqualTo(1);
        assertThat(second.id()).isEqualTo(2);
        assertThat(store.list("production")).containsExactly(second, first);
        assertThat(store.latest("production")).contains(second);
        assertThat(store.list("staging")).isEmpty();
        ConfigMap stored = cluster.client().configMaps().inNamespace(cluster.stateNamespace())
                .withName("plumbline-history-production").get();
        assertThat(stored.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "plumbline", "plumbline.dev/state", "history",
                "plumbline.dev/state-of", "production"));
        assertThat(stored.getBinaryData()).containsOnlyKeys("history.json.gz");
    }

    @Test
    void theCapIsConfigurable() {
        HistoryStore fifty = new HistoryStore(cluster.client(), cluster.stateNamespace(),
                HistoryStore.Options.defaults().withMaxRecords(50));
        for (int i = 1; i <= 60; i++) {
            fifty.append(HistoryCodecTest.record("rev-" + i));
        }

        List<SyncRecord> history = store.list("production");
        assertThat(history).hasSize(50);
        assertThat(history.get(0).id()).isEqualTo(60);
        assertThat(history.get(49).revision()).isEqualTo("rev-11");
    }

    @Test
    void keepsAThousandRealisticRecordsFarBelowTheObjectLimitAndDoraCountsThemAll() {
        RealisticHistory busy = new RealisticHistory();
        for (int i = 0; i < 1_010; i++) {
            store.append(busy.record("production", i));
        }

        SyncHistory kept = new HistoryStore(cluster.client(), cluster.stateNamespace()).load("production");
        assertThat(kept.records()).hasSize(1_000);
        assertThat(kept.records().get(0).id()).isEqualTo(1_010);
        assertThat(kept.records().get(999).id()).isEqualTo(11);
        ConfigMap stored = cluster.client().configMaps().inNamespace(cluster.stateNamespace())
                .withName("plumbline-history-production").get();
        int size = cluster.client().getKubernetesSerialization().asJson(stored).getBytes(StandardCharsets.UTF_8).length;
        assertThat(size).as("stored object bytes").isLessThan(512 * 1024);
        // kept: i = 10..1009; a new revision at every even i, a failed one at every i % 10 == 4
        Dora dora = Dora.of(kept, sha -> null);
        assertThat(dora.syncs()).isEqualTo(1_000);
        assertThat(dora.deployments()).isEqualTo(500);
        assertThat(dora.failedDeployments()).isEqualTo(100);
        assertThat(dora.changeFailureRate()).isEqualTo(0.2);
        assertThat(dora.leadTimeMedian()).isNotNull().isPositive();
    }

    @Test
    void aHistoryWrittenByTheFiftyRecordReleaseLoadsAndGrowsPastFifty() throws Exception {
        StringBuilder records = new StringBuilder();
        for (int id = 50; id >= 1; id--) { // as that release wrote them: no committedAt, no baselineRevision
            records.append(id == 50 ? "" : ",").append("""
                    {"id":%d,"environment":"production","revision":"rev-%d","revisionSubject":"commit %d","trigger":"poll",
                     "startedAt":"2024-05-01T10:%02d:00Z","finishedAt":"2024-05-01T10:%02d:30Z","result":"succeeded",
                     "summary":{"created":0,"configured":1,"unchanged":10,"pruned":0,"failed":0},"health":"Healthy",
                     "dryRun":false}""".formatted(id, id, id, id, id));
        }
        String json = "{\"formatVersion\":1,\"environment\":\"production\",\"lastId\":50,\"records\":[" + records + "]}";
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        new dev.plumbline.state.StateNamespace(cluster.client(), cluster.stateNamespace()).ensure();
        cluster.client().configMaps().inNamespace(cluster.stateNamespace()).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("plumbline-history-production").withLabels(Map.of(
                        "app.kubernetes.io/managed-by", "plumbline", "plumbline.dev/state", "history",
                        "plumbline.dev/state-of", "production")).endMetadata()
                .withBinaryData(Map.of("history.json.gz", Base64.getEncoder().encodeToString(bytes.toByteArray())))
                .build()).create();

        assertThat(store.list("production")).hasSize(50).first().extracting(SyncRecord::revision).isEqualTo("rev-50");
        assertThat(Dora.of(store.load("production"), sha -> null).deployments()).isEqualTo(50);
        SyncRecord next = store.append(HistoryCodecTest.record("rev-51"));
        assertThat(next.id()).isEqualTo(51);
        assertThat(store.list("production")).hasSize(51).last().extracting(SyncRecord::revision).isEqualTo("rev-1");
    }

    @Test
    void concurrentAppendsFromTwoStoresAllLand() throws Exception {
        HistoryStore other = new HistoryStore(cluster.client(), cluster.stateNamespace(),
                HistoryStore.Options.defaults().withMaxAttempts(30));
        HistoryStore mine = new HistoryStore(cluster.client(), cluster.stateNamespace(),
                HistoryStore.Options.defaults().withMaxAttempts(30));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<SyncRecord>> writers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HistoryStore writer = i % 2 == 0 ? mine : other;
            String revision = "writer-" + i;
            writers.add(() -> writer.append(HistoryCodecTest.record(revision)));
        }
        try {
            for (Future<SyncRecord> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        List<SyncRecord> history = store.list("production");
        assertThat(history).extracting(SyncRecord::revision).containsExactlyInAnyOrder(
                "writer-0", "writer-1", "writer-2", "writer-3", "writer-4", "writer-5", "writer-6", "writer-7");
        assertThat(history).extracting(SyncRecord::id).containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void survivesARestart() {
        SyncRecord appended = store.append(HistoryCodecTest.record("aaa111"));

        HistoryStore restarted = new HistoryStore(cluster.client(), cluster.stateNamespace());

        assertThat(restarted.list("production")).containsExactly(appended);
        assertThat(restarted.append(HistoryCodecTest.record("bbb222")).id()).isEqualTo(2);
    }

    @Test
    void aCorruptObjectIsAnErrorNamingItNeverAnEmptyHistory() {
        store.append(HistoryCodecTest.record("aaa111"));
        var configMaps = cluster.client().configMaps().inNamespace(cluster.stateNamespace());
        ConfigMap stored = configMaps.withName("plumbline-history-production").get();
        stored.setBinaryData(Map.of("history.json.gz",
                Base64.getEncoder().encodeToString("not gzip".getBytes(StandardCharsets.UTF_8))));
        configMaps.resource(stored).update();

        String expected = "History production load failed: ConfigMap/" + cluster.stateNamespace()
                + "/plumbline-history-production is corrupt: binaryData.history.json.gz does not decode";
        assertThatThrownBy(() -> store.list("production"))
                .isInstanceOf(HistoryCorruptException.class).hasMessageStartingWith(expected);
        assertThatThrownBy(() -> store.append(HistoryCodecTest.record("bbb222")))
                .isInstanceOf(HistoryCorruptException.class).hasMessageStartingWith(expected);
    }

    @Test
    void createsTheStateNamespaceIfMissing() {
        String namespace = cluster.namespace() + "-fresh";
        try {
            new HistoryStore(cluster.client(), namespace).append(HistoryCodecTest.record("aaa111"));

            assertThat(cluster.client().namespaces().withName(namespace).get().getMetadata().getLabels())
                    .containsEntry("app.kubernetes.io/managed-by", "plumbline");
            assertThat(new HistoryStore(cluster.client(), namespace).list("production")).hasSize(1);
        } finally {
            cluster.client().namespaces().withName(namespace).delete();
        }
    }

    @Test
    void anEnvironmentNameMustBeADnsLabel() {
        assertThatThrownBy(() -> store.list("Prod_1"))
                .isInstanceOf(HistoryException.class)
                .hasMessageStartingWith("History Prod_1 access failed:");
    }
}
