package dev.plumbline.faults;

import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.GitRevisionSource;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;

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
 * One fault case's world: an environment named after the test's namespace, a working Git repository to commit to, a
 * {@link Reconciler} on the real API server (closed and re-created to model an agent restart), and the checks every
 * case ends with — inventory exactly the desired set, history consistent, nothing lost.
 */
final class FaultHarness implements AutoCloseable {

    final TestCluster cluster;
    final String env;
    final Path tmp;
    final GitRepoFixture work;
    private final java.util.List<AutoCloseable> closing = new java.util.ArrayList<>();
    private ClusterConnection connection;
    private GitSource git;
    private Reconciler reconciler;

    FaultHarness(TestCluster cluster, Path tmp) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        this.tmp = tmp;
        this.work = new GitRepoFixture(tmp.resolve("work"));
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

    /** A fresh agent: new cluster connection ({@code config}, or the test's kubeconfig), Git source, Reconciler. */
    Reconciler start(GitSourceOptions options, Config config) {
        stopAgent();
        connection = config == null ? ClusterConnection.connect(cluster.kubeconfigPath()) : ClusterConnection.connect(config);
        git = new GitSource(options.withCacheDir(tmp.resolve("cache"))
                .withTimeouts(new GitSourceOptions.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))));
        reconciler = new Reconciler(connection, new GitRevisionSource(git),
                ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace()), null);
        return reconciler;
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
            reconciler.close();
            git.close();
            connection.close();
            reconciler = null;
        }
    }

    void closeLater(AutoCloseable c) {
        closing.add(c);
    }

    @Override
    public void close() throws Exception {
        stopAgent();
        work.close();
        for (AutoCloseable c : closing) {
            c.close();
        }
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
