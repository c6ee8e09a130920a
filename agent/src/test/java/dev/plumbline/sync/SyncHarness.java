package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.LiveObjects;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.inventory.Inventory;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.Tracking;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JUnit extension for the sync ITs: a {@link SyncEngine} on a counted connection of its own, the test's namespace
 * name as environment (unique per test, as objects of earlier tests linger in Terminating namespaces), manifests
 * (inline or YAML fixtures under {@code src/test/resources/sync/}) with {@code NS} replaced by that namespace, and a
 * Deployment health check reading the simulator's status. Set up before each test, closed after it; it builds on
 * {@link KubernetesExtension}, registered on the class:
 *
 * <pre>{@code
 * @ExtendWith(KubernetesExtension.class)
 * class MySyncIT {
 *     @RegisterExtension
 *     final SyncHarness it = new SyncHarness();
 *
 *     @Test
 *     void converges() {
 *         ChangeSet result = it.sync(it.fixture("two-waves-desired"));
 *     }
 * }
 * }</pre>
 */
final class SyncHarness implements BeforeEachCallback, AfterEachCallback {

    /** Deployments: rolled out (simulated) is Healthy, ProgressDeadlineExceeded is Degraded; everything else Healthy. */
    @SuppressWarnings("unchecked")
    static final HealthCheck DEPLOYMENT_HEALTH = live -> {
        if (live == null) {
            return HealthStatus.of(Health.Missing, "");
        }
        if (!"Deployment".equals(live.getKind())) {
            return HealthStatus.healthy();
        }
        Map<String, Object> status = (Map<String, Object>) live.getAdditionalProperties().getOrDefault("status", Map.of());
        Object observed = status.get("observedGeneration");
        if (observed == null || Long.parseLong(observed.toString()) < live.getMetadata().getGeneration()) {
            return HealthStatus.of(Health.Progressing, "waiting for the rollout to be observed");
        }
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
        if (conditions.stream().anyMatch(c -> "ProgressDeadlineExceeded".equals(c.get("reason")))) {
            return HealthStatus.of(Health.Degraded, "progress deadline exceeded");
        }
        Object available = status.get("availableReplicas");
        return available != null && available.toString().equals(String.valueOf(status.get("replicas")))
                ? HealthStatus.healthy() : HealthStatus.of(Health.Progressing, "rolling out");
    };

    // set before each test
    TestCluster cluster;
    String env;
    ClusterConnection connection;
    Discovery discovery;
    Engine diff;
    InventoryStore store;
    SyncEngine engine;

    @Override
    public void beforeEach(ExtensionContext context) {
        this.cluster = KubernetesExtension.cluster(context);
        this.env = cluster.namespace();
        this.connection = ClusterConnection.connect(cluster.kubeconfigPath());
        this.discovery = new Discovery(connection);
        this.diff = new Engine(connection.reconcileClient(), discovery, DiffOptions.defaults());
        this.store = new InventoryStore(connection.reconcileClient(), cluster.stateNamespace());
        this.engine = new SyncEngine(diff, LiveObjects.direct(connection.reconcileClient(), discovery),
                store, DEPLOYMENT_HEALTH);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (connection != null) {
            connection.close();
        }
    }

    /** The text of {@code src/test/resources/sync/<name>.yaml}, {@code NS} not yet replaced (see {@link #objects}). */
    static String yaml(String name) {
        return YamlFixtures.text("sync/" + name + ".yaml");
    }

    /** The objects of the fixture {@code src/test/resources/sync/<name>.yaml}, as {@link #objects} makes them. */
    List<DesiredObject> fixture(String name) {
        return objects(yaml(name));
    }

    /** Multi-document YAML with {@code NS} replaced by the test namespace, stamped for this environment. */
    List<DesiredObject> objects(String yaml) {
        List<DesiredObject> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml.replace("NS", cluster.namespace()))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) doc;
            if (body != null) {
                DesiredObject object = new DesiredObject(ResourceKey.of(body), (String) body.get("apiVersion"), body,
                        "test/" + body.get("kind") + ".yaml", 1);
                out.add(Tracking.stamp(object, env));
            }
        }
        return out;
    }

    ChangeSet sync(List<DesiredObject> desired) {
        return sync(desired, EnvironmentPolicy.defaults(), SyncOptions.defaults());
    }

    ChangeSet sync(List<DesiredObject> desired, SyncOptions options) {
        return sync(desired, EnvironmentPolicy.defaults(), options);
    }

    ChangeSet sync(List<DesiredObject> desired, EnvironmentPolicy policy, SyncOptions options) {
        return engine.sync(new SyncRequest(env, "rev-1", desired, policy, options, Map.of()));
    }

    static EnvironmentPolicy policy(int maxPrunePercent, int maxPruneCount, boolean allowEmpty, Duration waitTimeout) {
        return new EnvironmentPolicy(null, new EnvironmentPolicy.Sync(true, true, true, false, allowEmpty,
                maxPrunePercent, maxPruneCount, waitTimeout), null, List.of());
    }

    Inventory inventory() {
        return store.load(env);
    }

    List<ResourceKey> inventoryKeys() {
        return inventory().entries().stream().map(InventoryEntry::key).toList();
    }

    GenericKubernetesResource get(String apiVersion, String kind, String namespace, String name) {
        var op = cluster.client().genericKubernetesResources(apiVersion, kind);
        return namespace == null ? op.withName(name).get() : op.inNamespace(namespace).withName(name).get();
    }

    static ResourceKey key(String group, String kind, String namespace, String name) {
        return ResourceKey.of(group, kind, namespace, name);
    }

    /** Runs kubectl against the test API server; fails the test unless it exits 0. */
    String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfigPath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args[0]).isTrue();
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    Path file(String yaml) throws IOException {
        Path file = Files.createTempFile("plumbline-sync-it", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, yaml.replace("NS", cluster.namespace()));
        return file;
    }
}
