package dev.plumbline.faults;

import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerHarness;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One fault case's world, as a JUnit extension: an environment named after the test's namespace, a working Git
 * repository to commit to, a {@link Reconciler} on the real API server (closed and re-created to model an agent
 * restart; made by a {@link ReconcilerHarness}, which also makes any further agent), and the checks every case ends
 * with — inventory exactly the desired set, history consistent, nothing lost. Set up before each test (before a
 * {@code @TestFactory}'s dynamic tests), closed after it; it builds on {@code KubernetesExtension}, registered on the
 * class:
 *
 * <pre>{@code
 * @ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
 * class MyFaultsIT {
 *     @RegisterExtension
 *     final FaultHarness it = new FaultHarness();
 *
 *     @Test
 *     @Fault("what goes wrong")
 *     void recovers() {
 *         it.writeConfigMaps("v1", "a", "b").commit("first");
 *         it.start(it.work.dir().toString());
 *         assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b"))).isZero();
 *     }
 * }
 * }</pre>
 */
final class FaultHarness implements BeforeEachCallback, AfterEachCallback {

    /** Makes the agents and owns the test's directory; the fault ITs reach it for a second agent. */
    final ReconcilerHarness agents = new ReconcilerHarness();
    // set before each test
    TestCluster cluster;
    String env;
    /** The test's own directory, deleted after it. */
    Path tmp;
    GitRepoFixture work;
    private final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();
    private Reconciler reconciler;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        agents.beforeEach(context);
        this.cluster = agents.cluster;
        this.env = agents.env;
        this.tmp = agents.tmp;
        this.work = agents.repo;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            stopAgent();
            for (AutoCloseable c : closing) {
                c.close();
            }
        } finally {
            agents.afterEach(context); // any further agent, the repository, the directory
        }
    }

    // ---- Git ---------------------------------------------------------------------------------------------------

    String dir() {
        return "environments/" + env + "/";
    }

    /** {@code namespace: <env>}, waits bounded, plus any extra policy lines. */
    String policy(String... extra) {
        return "namespace: " + env + "\nsync:\n  waitTimeout: 20s\n" + String.join("\n", extra) + (extra.length > 0 ? "\n" : "");
    }

    static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  value: \"" + value + "\"\n";
    }

    /** Writes one file per ConfigMap ({@code <name>.yaml}) plus the policy into the environment folder. */
    FaultHarness writeConfigMaps(String value, String... names) {
        work.write(dir() + "plumbline.yaml", policy());
        for (String name : names) {
            work.write(dir() + name + ".yaml", configMap(name, value));
        }
        return this;
    }

    String commit(String message) {
        return work.commit(message);
    }

    // ---- the agent ---------------------------------------------------------------------------------------------

    Reconciler start(String url) {
        return start(GitSourceOptions.defaults().withUrl(url), null);
    }

    /**
     * A fresh agent: new cluster connection ({@code config}, or the test's kubeconfig), Git source, Reconciler. Every
     * restart keeps the Git cache ({@code tmp/cache}), as a restarted agent finds it on its disk.
     */
    Reconciler start(GitSourceOptions options, Config config) {
        stopAgent();
        reconciler = agents.open(ReconcilerHarness.Wiring.defaults().withConfig(config)
                .withGit(defaults -> quick(options).withCacheDir(tmp.resolve("cache"))));
        return reconciler;
    }

    /** A second agent reading {@code url}, on its own connection and Git cache; closed with the harness. */
    Reconciler another(String url, String cacheDir) {
        return agents.open(ReconcilerHarness.Wiring.defaults().withUrl(url)
                .withGit(defaults -> quick(defaults).withCacheDir(tmp.resolve(cacheDir))));
    }

    /** Git timeouts short enough that a fault shows within the test. */
    private static GitSourceOptions quick(GitSourceOptions options) {
        return options.withTimeouts(new GitSourceOptions.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    Reconciler reconciler() {
        return reconciler;
    }

    EnvironmentReport cycle() {
        return reconciler.cycle(env, Trigger.POLL);
    }

    /** Closes the agent (not the Git host or repositories). */
    void stopAgent() {
        if (reconciler != null) {
            agents.stop(reconciler);
            reconciler = null;
        }
    }

    /** Closed after the test, after the agent, in the order registered. */
    void closeLater(AutoCloseable c) {
        closing.add(c);
    }

    // ---- observations ------------------------------------------------------------------------------------------

    /** ConfigMaps labelled for this environment: name → resourceVersion. */
    Map<String, String> configMaps() {
        return cluster.client().configMaps().inNamespace(env).withLabel("plumbline.dev/environment", env).list().getItems()
                .stream().collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c.getMetadata().getResourceVersion(),
                        (a, b) -> a, TreeMap::new));
    }

    String value(String configMap) {
        ConfigMap cm = cluster.client().configMaps().inNamespace(env).withName(configMap).get();
        return cm == null ? null : cm.getData().get("value");
    }

    /** How many of these ConfigMaps do not exist: objects lost. */
    int missing(Collection<String> names) {
        Set<String> live = configMaps().keySet();
        return (int) names.stream().filter(n -> !live.contains(n)).count();
    }

    /** The stored inventory, read fresh from the cluster, as {@code Kind/ns/name}. */
    Set<String> inventory() {
        return new InventoryStore(cluster.client(), cluster.stateNamespace()).load(env).entries().stream()
                .map(InventoryEntry::key).map(Object::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    Set<String> keys(String kind, String... names) {
        return Arrays.stream(names).map(n -> kind + "/" + env + "/" + n).collect(Collectors.toCollection(TreeSet::new));
    }

    List<SyncRecord> history() {
        return new HistoryStore(cluster.client(), cluster.stateNamespace()).list(env);
    }

    /**
     * History is consistent: ids are unique and gapless (newest first, nothing lost, nothing written twice) and the
     * newest sync succeeded.
     */
    List<SyncRecord> assertHistoryConsistent() {
        List<SyncRecord> records = history();
        assertThat(records).as("history of %s", env).isNotEmpty();
        List<Long> ids = records.stream().map(SyncRecord::id).toList();
        long newest = ids.get(0);
        assertThat(ids).as("history ids, newest first: unique and gapless").containsExactlyElementsOf(
                java.util.stream.LongStream.iterate(newest, i -> i - 1).limit(records.size()).boxed().toList());
        assertThat(records.get(0).result()).as("newest sync: %s", records.get(0)).isEqualTo(SyncResult.SUCCEEDED);
        return records;
    }

    /**
     * The recovery check every case ends with: one cycle converges (Synced, no error, not stale), the inventory holds
     * exactly {@code expected} and history is consistent. Returns the objects of {@code expected} that are missing.
     */
    int assertConverged(Set<String> expected) {
        EnvironmentReport report = cycle();
        assertThat(report.error()).as("error after recovery").isNull();
        assertThat(report.stale()).isFalse();
        assertThat(report.status()).as("%s", report.entries()).isEqualTo("Synced");
        assertThat(inventory()).as("inventory after recovery").isEqualTo(expected);
        assertHistoryConsistent();
        Set<String> live = new TreeSet<>();
        report.entries().forEach(e -> live.add(e.kind() + "/" + e.namespace() + "/" + e.name()));
        assertThat(live).as("report entries").isEqualTo(expected);
        return (int) expected.stream().filter(k -> k.startsWith("ConfigMap/"))
                .filter(k -> !configMaps().containsKey(k.substring(k.lastIndexOf('/') + 1))).count();
    }
}
