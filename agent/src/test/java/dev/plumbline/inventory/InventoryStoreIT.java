package dev.plumbline.inventory;

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
import java.util.concurrent.atomic.AtomicInteger;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubernetesExtension.class)
class InventoryStoreIT {

    private static final InventoryEntry NS = InventoryEntry.of("v1", "Namespace", null, "shop");
    private static final InventoryEntry API = InventoryEntry.of("apps/v1", "Deployment", "shop", "orders-api");
    private static final InventoryEntry CM = InventoryEntry.of("v1", "ConfigMap", "shop", "settings");

    private TestCluster cluster; // injected
    private InventoryStore store;

    @BeforeEach
    void store() {
        store = new InventoryStore(cluster.client(), cluster.stateNamespace());
    }

    @Test
    void roundTripsThroughOneLabelledConfigMap() {
        assertThat(store.load("production")).isEqualTo(Inventory.empty("production"));

        Inventory saved = store.save(new Inventory("production", List.of(API, NS, CM), null));
        Inventory loaded = store.load("production");

        assertThat(saved.resourceVersion()).isNotNull();
        assertThat(loaded).isEqualTo(saved);
        assertThat(loaded.entries()).containsExactly(CM, NS, API);
        ConfigMap head = configMaps().withName("plumbline-inventory-production").get();
        assertThat(head.getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app.kubernetes.io/managed-by", "plumbline", "plumbline.dev/state", "inventory",
                "plumbline.dev/state-of", "production", "plumbline.dev/inventory-part", "head"));
        assertThat(head.getMetadata().getLabels()).doesNotContainKey("plumbline.dev/environment");
        assertThat(head.getBinaryData()).containsOnlyKeys("inventory.json.gz");
    }

    @Test
    void createsTheStateNamespaceIfMissing() {
        String namespace = cluster.namespace() + "-fresh";
        try {
            new InventoryStore(cluster.client(), namespace).save(new Inventory("production", List.of(NS), null));

            Namespace created = cluster.client().namespaces().withName(namespace).get();
            assertThat(created.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "plumbline");
            assertThat(new InventoryStore(cluster.client(), namespace).load("production").entries()).containsExactly(NS);
        } finally {
            cluster.client().namespaces().withName(namespace).delete();
        }
    }

    @Test
    void tenThousandEntriesStayFarBelowTheObjectLimit() {
        Inventory large = InventoryCodecTest.inventory(10_000);

        store.save(large);

        assertThat(store.load("production").entries()).isEqualTo(large.entries());
        List<ConfigMap> stored = stateObjects();
        assertThat(stored).isNotEmpty().allSatisfy(cm -> assertThat(sizeOf(cm)).isLessThan(256 * 1024));
    }

    @Test
    void shardsALargeInventoryAndCollectSupersededShards() {
        InventoryStore small = new InventoryStore(cluster.client(), cluster.stateNamespace(), new InventoryStore.Options(8 * 1024, 5));
        Inventory large = InventoryCodecTest.inventory(10_000);

        Inventory first = small.save(large);
        List<String> firstShards = shardNames();
        Inventory second = small.save(first.minus(List.of(large.entries().get(0).key())));

        assertThat(firstShards).hasSizeGreaterThan(1);
        assertThat(small.load("production").entries()).isEqualTo(second.entries()).hasSize(9_999);
        assertThat(shardNames()).hasSize(firstShards.size()).doesNotContainAnyElementsOf(firstShards);
        assertThat(stateObjects()).allSatisfy(cm -> assertThat(sizeOf(cm)).isLessThan(16 * 1024));

        small.save(new Inventory("production", List.of(NS), second.resourceVersion()));
        assertThat(shardNames()).isEmpty();
        assertThat(small.load("production").entries()).containsExactly(NS);
    }

    @Test
    void aConcurrentWriterMakesSaveThrowAConflict() {
        Inventory mine = store.save(new Inventory("production", List.of(NS), null));
        InventoryStore other = new InventoryStore(cluster.client(), cluster.stateNamespace());
        other.save(other.load("production").plus(List.of(API)));

        assertThatThrownBy(() -> store.save(mine.plus(List.of(CM))))
                .isInstanceOf(InventoryConflictException.class)
                .hasMessageStartingWith("Inventory production save failed: ConfigMap/" + cluster.stateNamespace()
                        + "/plumbline-inventory-production was changed by another writer");
        assertThatThrownBy(() -> store.save(new Inventory("production", List.of(CM), null)))
                .isInstanceOf(InventoryConflictException.class);
        assertThat(store.load("production").entries()).containsExactly(NS, API);
    }

    @Test
    void updateRetriesOnAConflictByReloadingAndReapplying() {
        store.save(new Inventory("production", List.of(NS), null));
        InventoryStore other = new InventoryStore(cluster.client(), cluster.stateNamespace());
        AtomicInteger calls = new AtomicInteger();

        Inventory result = store.update("production", current -> {
            if (calls.incrementAndGet() == 1) { // another writer slips in between our load and our save
                other.save(other.load("production").plus(List.of(API)));
            }
            return current.plus(List.of(CM));
        });

        assertThat(calls).hasValue(2);
        assertThat(result.entries()).containsExactly(CM, NS, API);
        assertThat(store.load("production")).isEqualTo(result);
    }

    @Test
    void anUpdateFromAHeldInventoryWritesWithoutReadingAndReadsAgainOnlyWhenItIsStale() {
        Inventory held = store.save(new Inventory("production", List.of(NS), null));

        Inventory fresh = store.update(held, current -> current.plus(List.of(CM)));
        assertThat(fresh.entries()).containsExactly(CM, NS);
        assertThat(store.load("production")).isEqualTo(fresh);
        assertThat(store.update(fresh, current -> current)).as("nothing new: no write").isSameAs(fresh);

        // Another writer moves the inventory on: the held one is stale, its write conflicts, the change is re-applied
        // to what is stored, and nothing the other writer added is lost.
        new InventoryStore(cluster.client(), cluster.stateNamespace()).update("production", c -> c.plus(List.of(API)));
        Inventory merged = store.update(fresh, current -> current.minus(List.of(CM.key())));

        assertThat(merged.entries()).containsExactly(NS, API);
        assertThat(store.load("production")).isEqualTo(merged);
    }

    @Test
    void concurrentUpdatesAllLand() throws Exception {
        InventoryStore patient = new InventoryStore(cluster.client(), cluster.stateNamespace(), new InventoryStore.Options(128 * 1024, 20));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Inventory>> writers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            InventoryEntry entry = InventoryEntry.of("v1", "ConfigMap", "shop", "writer-" + i);
            writers.add(() -> patient.update("production", inv -> inv.plus(List.of(entry))));
        }
        try {
            for (Future<Inventory> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(store.load("production").entries()).extracting(e -> e.key().name())
                .containsExactly("writer-0", "writer-1", "writer-2", "writer-3");
    }

    @Test
    void anUnchangedUpdateWritesNothing() {
        Inventory saved = store.save(new Inventory("production", List.of(NS), null));

        Inventory result = store.update("production", inv -> inv.plus(List.of(NS)));

        assertThat(result.resourceVersion()).isEqualTo(saved.resourceVersion());
        assertThat(store.update("staging", inv -> inv).resourceVersion()).isNull();
        assertThat(configMaps().withName("plumbline-inventory-staging").get()).isNull();
    }

    @Test
    void aCorruptHeadIsAnErrorNamingTheConfigMapNeverAnEmptyInventory() {
        store.save(new Inventory("production", List.of(NS), null));
        ConfigMap head = configMaps().withName("plumbline-inventory-production").get();
        head.setBinaryData(Map.of("inventory.json.gz", Base64.getEncoder().encodeToString(
                "not gzip".getBytes(StandardCharsets.UTF_8))));
        configMaps().resource(head).update();

        assertThatThrownBy(() -> store.load("production"))
                .isInstanceOf(InventoryCorruptException.class)
                .hasMessageStartingWith("Inventory production load failed: ConfigMap/" + cluster.stateNamespace()
                        + "/plumbline-inventory-production is corrupt: binaryData.inventory.json.gz does not decode");
    }

    @Test
    void aHeadWithoutDataOrWithAMissingShardIsCorrupt() {
        configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("plumbline-inventory-staging")
                .endMetadata().addToData("hello", "world").build()).create();
        assertThatThrownBy(() -> store.load("staging"))
                .isInstanceOf(InventoryCorruptException.class)
                .hasMessageContaining("plumbline-inventory-staging is corrupt: binaryData.inventory.json.gz is missing");

        InventoryStore small = new InventoryStore(cluster.client(), cluster.stateNamespace(), new InventoryStore.Options(8 * 1024, 3));
        small.save(InventoryCodecTest.inventory(5_000));
        configMaps().withName(shardNames().get(0)).delete();
        assertThatThrownBy(() -> small.load("production"))
                .isInstanceOf(InventoryCorruptException.class)
                .hasMessageContaining("plumbline-inventory-production is corrupt: a shard it lists does not exist");
    }

    @Test
    void anEnvironmentNameMustBeADnsLabel() {
        assertThatThrownBy(() -> store.load("Prod_1"))
                .isInstanceOf(InventoryException.class)
                .hasMessageStartingWith("Inventory Prod_1 access failed:");
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<ConfigMap, io.fabric8.kubernetes.api.model.ConfigMapList,
            io.fabric8.kubernetes.client.dsl.Resource<ConfigMap>> configMaps() {
        return cluster.client().configMaps().inNamespace(cluster.stateNamespace());
    }

    private List<ConfigMap> stateObjects() {
        return configMaps().withLabel("plumbline.dev/state", "inventory").list().getItems();
    }

    private List<String> shardNames() {
        return configMaps().withLabel("plumbline.dev/inventory-part", "shard").list().getItems().stream()
                .map(cm -> cm.getMetadata().getName()).sorted().toList();
    }

    private int sizeOf(ConfigMap cm) {
        return cluster.client().getKubernetesSerialization().asJson(cm).getBytes(StandardCharsets.UTF_8).length;
    }
}
