package dev.plumbline.reconcile;

import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Verdict;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 4's "done when", end to end: a real Git repository, the real API server, the Reconciler's drift report.
 * The environment is named after the test's namespace, so objects left in earlier tests' namespaces never mix in.
 */
@ExtendWith(KubernetesExtension.class)
class DriftReportIT {

    @TempDir
    Path tmp;

    private TestCluster cluster;
    private String env;
    private GitRepoFixture repo;
    private ClusterConnection connection;
    private GitSource git;
    private Reconciler reconciler;

    static String manifests(String ns) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: app-config
                  labels: {zeta: "2", alpha: "1"}
                data:
                  LOG_LEVEL: info
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: app
                spec:
                  selector: {app: web}
                  ports:
                    - name: http
                      port: 80
                      targetPort: http
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                        - name: api
                          image: nginx:1.25
                          ports:
                            - name: http
                              containerPort: 8080
                          resources:
                            requests: {cpu: 1000m, memory: 1024Mi}
                            limits: {cpu: "2", memory: 2Gi}
                """;
    }

    @BeforeEach
    void setUp(TestCluster cluster) {
        this.cluster = cluster;
        this.env = cluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/" + env + "/plumbline.yaml", "namespace: " + cluster.namespace() + "\n")
                .write("environments/" + env + "/app.yaml", manifests(cluster.namespace()))
                .commit("first");
        connection = ClusterConnection.connect(cluster.kubeconfigPath());
        git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withCacheDir(tmp.resolve("cache")));
        reconciler = new Reconciler(connection, new GitRevisionSource(git),
                ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace()), null);
    }

    @AfterEach
    void tearDown() {
        reconciler.close();
        git.close();
        connection.close();
        repo.close();
    }

    private void applyAll() {
        applyAll(cluster, git, env);
    }

    /** What a sync leaves behind, without the sync package: SSA as plumbline of every rendered object, and the inventory. */
    static void applyAll(TestCluster cluster, GitSource git, String env) {
        Snapshot snapshot = new GitRevisionSource(git).latest();
        List<DesiredObject> desired = DesiredObjects.prepare(RenderedEnvironment.render(snapshot.tree(), env).state());
        KubernetesClient client = cluster.client();
        for (DesiredObject o : desired) {
            GenericKubernetesResource r = client.getKubernetesSerialization().convertValue(o.body(), GenericKubernetesResource.class);
            client.resource(r).fieldManager("plumbline").forceConflicts().serverSideApply();
        }
        new InventoryStore(client, cluster.stateNamespace()).update(env, inv ->
                inv.plus(desired.stream().map(o -> new InventoryEntry(o.key(), o.apiVersion())).toList()));
    }

    private static DriftEntry entry(EnvironmentReport report, String kind, String name) {
        return report.entries().stream().filter(e -> e.kind().equals(kind) && e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void beforeAnySyncEveryObjectIsMissing() {
        EnvironmentReport report = reconciler.check(env);
        assertThat(report.error()).isNull();
        assertThat(report.entries()).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.Missing));
        assertThat(report.status()).isEqualTo("OutOfSync");
        assertThat(report.revision().subject()).isEqualTo("first");
    }

    @Test
    void noFalseDriftThenZeroCallsThenOneEditCostsOneDryRun() {
        applyAll();
        EnvironmentReport first = reconciler.check(env);
        // 1000m, 1024Mi, a named targetPort, no protocol, reordered labels, omitted defaults: all InSync.
        assertThat(first.entries()).extracting(DriftEntry::status).containsOnly(Verdict.InSync);
        assertThat(first.status()).isEqualTo("Synced");

        // The status simulator writes the Deployment's status after the apply (a new resourceVersion: one dry-run).
        // Once the cluster is quiet, a cycle with no change makes no reconcile call at all.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var mark = connection.reconcileCalls().snapshot();
            reconciler.check(env);
            return connection.reconcileCalls().totalSince(mark) == 0;
        });
        var before = connection.reconcileCalls().snapshot();
        EnvironmentReport second = reconciler.check(env);
        assertThat(connection.reconcileCalls().since(before)).as("steady-state reconcile API calls by verb")
                .allSatisfy((verb, n) -> assertThat(n).isZero());
        assertThat(second.counts().get(Verdict.InSync)).isEqualTo(3);

        new Kubectl(cluster.kubeconfigPath()).run("-n", cluster.namespace(), "set", "image", "deployment/app", "api=nginx:1.27");
        long[] lastCycleCalls = new long[1];
        EnvironmentReport edited = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var mark = connection.reconcileCalls().snapshot();
            EnvironmentReport r = reconciler.check(env);
            lastCycleCalls[0] = connection.reconcileCalls().totalSince(mark);
            return r;
        }, r -> entry(r, "Deployment", "app").status() == Verdict.Modified);

        assertThat(lastCycleCalls[0]).as("calls of the cycle that saw the edit").isEqualTo(1);
        DriftEntry deployment = entry(edited, "Deployment", "app");
        assertThat(deployment.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/spec/template/spec/containers/0/image");
            assertThat(c.field()).isEqualTo("spec.template.spec.containers[name=api].image");
            assertThat(c.desired()).isEqualTo("nginx:1.25");
            assertThat(c.live()).isEqualTo("nginx:1.27");
            assertThat(c.changedBy().manager()).isEqualTo("kubectl-set");
        });
        assertThat(entry(edited, "ConfigMap", "app-config").status()).isEqualTo(Verdict.InSync);
        assertThat(entry(edited, "Service", "app").status()).isEqualTo(Verdict.InSync);
    }

    @Test
    void deletedIsMissingRemovedFromGitIsOrphanedOtherEnvironmentIsConflict() {
        applyAll();
        assertThat(reconciler.check(env).status()).isEqualTo("Synced");

        cluster.client().configMaps().inNamespace(cluster.namespace()).withName("app-config").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> entry(reconciler.check(env), "ConfigMap", "app-config").status() == Verdict.Missing);

        String manifests = manifests(cluster.namespace());
        repo.write("environments/" + env + "/app.yaml", manifests.substring(manifests.indexOf("apiVersion: v1\nkind: Service")))
                .write("environments/" + env + "/extra.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: taken
                        data: {a: b}
                        """)
                .commit("drop the config map, add one that another environment owns");
        cluster.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("taken").withNamespace(cluster.namespace())
                .addToLabels("plumbline.dev/environment", "someone-else").endMetadata()
                .withAdditionalProperties(Map.of("data", Map.of("a", "b"))).build()).create();
        // Put the config map back so it is live, in the inventory, and no longer in Git.
        applyConfigMapBack();

        EnvironmentReport report = reconciler.check(env);
        assertThat(report.revision().subject()).startsWith("drop the config map");
        assertThat(entry(report, "ConfigMap", "app-config").status()).isEqualTo(Verdict.Orphaned);
        DriftEntry taken = entry(report, "ConfigMap", "taken");
        assertThat(taken.status()).isEqualTo(Verdict.Conflict);
        assertThat(taken.message()).contains("someone-else");
        assertThat(entry(report, "Deployment", "app").status()).isEqualTo(Verdict.InSync);
    }

    private void applyConfigMapBack() {
        cluster.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("app-config").withNamespace(cluster.namespace())
                .addToLabels("plumbline.dev/environment", env).addToLabels("app.kubernetes.io/managed-by", "plumbline").endMetadata()
                .withAdditionalProperties(Map.of("data", Map.of("LOG_LEVEL", "info"))).build())
                .fieldManager("plumbline").forceConflicts().serverSideApply();
    }

    @Test
    void brokenManifestAndUnreachableGitKeepTheLastGoodReportMarkedStale() throws Exception {
        applyAll();
        EnvironmentReport good = reconciler.check(env);
        assertThat(good.status()).isEqualTo("Synced");

        repo.write("environments/" + env + "/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n").commit("broken");
        EnvironmentReport broken = reconciler.check(env);
        assertThat(broken.stale()).isTrue();
        assertThat(broken.error()).contains("render failed");
        assertThat(broken.problems()).anySatisfy(p -> assertThat(p).startsWith("environments/" + env + "/broken.yaml:4:"));
        assertThat(broken.entries()).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.InSync));
        assertThat(broken.revision().sha()).isEqualTo(good.revision().sha());

        Files.move(repo.dir(), tmp.resolve("moved-away"));
        EnvironmentReport unreachable = reconciler.check(env);
        assertThat(unreachable.stale()).isTrue();
        assertThat(unreachable.error()).contains("failed");
        assertThat(unreachable.entries()).hasSize(3);
    }

    @Test
    void reportJsonHasTheDesignShape() throws Exception {
        applyAll();
        new Kubectl(cluster.kubeconfigPath()).run("-n", cluster.namespace(), "patch", "configmap/app-config",
                "--field-manager=ops-team", "--type=merge", "-p", "{\"data\":{\"LOG_LEVEL\":\"debug\"}}");
        EnvironmentReport report = await().atMost(Duration.ofSeconds(10))
                .until(() -> reconciler.check(env), r -> entry(r, "ConfigMap", "app-config").status() == Verdict.Modified);
        String json = dev.plumbline.cli.DiffCommandAccess.json(report);
        assertThat(json).contains("\"status\" : \"Modified\"", "\"path\" : \"/data/LOG_LEVEL\"", "\"field\" : \"data.LOG_LEVEL\"",
                "\"manager\" : \"ops-team\"", "\"checkedAt\" : \"", "\"Modified\" : 1");
        FieldChange change = entry(report, "ConfigMap", "app-config").changes().get(0);
        assertThat(change.desired()).isEqualTo("info");
        assertThat(change.live()).isEqualTo("debug");
    }
}
