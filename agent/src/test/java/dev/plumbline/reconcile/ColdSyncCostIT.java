package dev.plumbline.reconcile;

import dev.plumbline.live.ApiVerb;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cold sync costs in reconcile API calls: objects in namespaces this very sync creates need no name-clash
 * read, no dry-run before their apply and none after it.
 */
@ExtendWith(KubernetesExtension.class)
class ColdSyncCostIT {

    private static final int PER_KIND = 10;

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private ClusterConnection connection;
    private GitSource git;
    private Reconciler reconciler;

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        connection = ClusterConnection.connect(cluster.kubeconfigPath());
    }

    @AfterEach
    void tearDown() {
        if (reconciler != null) {
            reconciler.close();
            git.close();
        }
        connection.close();
        repo.close();
    }

    static String objects(String namespace, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: settings-%1$d, namespace: %2$s}
                    data: {LEVEL: info}
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata: {name: web-%1$d, namespace: %2$s}
                    spec:
                      selector: {app: web-%1$d}
                      ports: [{name: http, port: 80, targetPort: http, protocol: TCP}]
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web-%1$d, namespace: %2$s}
                    spec:
                      replicas: 1
                      selector: {matchLabels: {app: web-%1$d}}
                      template:
                        metadata: {labels: {app: web-%1$d}}
                        spec:
                          containers: [{name: web, image: "nginx:1.25", ports: [{name: http, containerPort: 8080, protocol: TCP}]}]
                    ---
                    """.formatted(i, namespace));
        }
        return out.toString();
    }

    private Map<String, Long> coldSync(String... files) {
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + env + "\nsync:\n  waitTimeout: 60s\n");
        for (int i = 0; i < files.length; i += 2) {
            repo.write("environments/" + env + "/" + files[i], files[i + 1]);
        }
        repo.commit("cold");
        git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withCacheDir(tmp.resolve("cache")));
        reconciler = new Reconciler(connection, new GitRevisionSource(git),
                ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace()), null);
        Map<String, Long> before = connection.reconcileCalls().snapshot();
        SyncOutcome outcome = reconciler.sync(env, ManualSync.defaults());
        Map<String, Long> calls = connection.reconcileCalls().since(before);
        System.out.println("cold sync reconcile calls: " + calls);
        assertThat(outcome.changeSet().entries()).extracting(ChangeEntry::action).containsOnly(Action.CREATED);
        assertThat(outcome.report().status()).isEqualTo("Synced");
        return calls;
    }

    @Test
    void objectsInNamespacesTheSyncCreatesCostTheirApplyAndTheirEvent() {
        String a = env + "-new-a";
        String b = env + "-new-b";
        String namespaces = "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + a + "}\n---\n"
                + "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + b + "}\n";
        Map<String, Long> calls = coldSync("00-namespaces.yaml", namespaces, "a.yaml", objects(a, PER_KIND), "b.yaml", objects(b, PER_KIND));
        int objects = 2 + 2 * 3 * PER_KIND;
        assertThat(calls.getOrDefault(ApiVerb.APPLY, 0L)).isEqualTo(objects);
    }
}
