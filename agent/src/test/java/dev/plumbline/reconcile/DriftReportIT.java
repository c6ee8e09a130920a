package dev.plumbline.reconcile;

import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Verdict;
import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.source.GitSource;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
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

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private Reconciler reconciler;

    static String manifests(String ns) {
        return ReconcilerHarness.yaml("drift-app-desired");
    }

    @BeforeEach
    void setUp() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.cluster.namespace() + "\n")
                .write("environments/" + it.env + "/app.yaml", manifests(it.cluster.namespace()))
                .commit("first");
        reconciler = it.start();
    }

    private void applyAll() {
        applyAll(it.cluster, it.git(), it.env);
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
        EnvironmentReport report = reconciler.check(it.env);
        assertThat(report.error()).isNull();
        assertThat(report.entries()).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.Missing));
        assertThat(report.status()).isEqualTo("OutOfSync");
        assertThat(report.revision().subject()).isEqualTo("first");
    }

    @Test
    void noFalseDriftThenZeroCallsThenOneEditCostsOneDryRun() {
        applyAll();
        EnvironmentReport first = reconciler.check(it.env);
        // 1000m, 1024Mi, a named targetPort, no protocol, reordered labels, omitted defaults: all InSync.
        assertThat(first.entries()).extracting(DriftEntry::status).containsOnly(Verdict.InSync);
        assertThat(first.status()).isEqualTo("Synced");

        // The status simulator writes the Deployment's status after the apply (a new resourceVersion: one dry-run).
        // Once the cluster is quiet, a cycle with no change makes no reconcile call at all.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            var mark = it.connection().reconcileCalls().snapshot();
            reconciler.check(it.env);
            return it.connection().reconcileCalls().totalSince(mark) == 0;
        });
        var before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport second = reconciler.check(it.env);
        assertThat(it.connection().reconcileCalls().since(before)).as("steady-state reconcile API calls by verb")
                .allSatisfy((verb, n) -> assertThat(n).isZero());
        assertThat(second.counts().get(Verdict.InSync)).isEqualTo(3);

        new Kubectl(it.cluster.kubeconfigPath()).run("-n", it.cluster.namespace(), "set", "image", "deployment/app", "api=nginx:1.27");
        long[] lastCycleCalls = new long[1];
        EnvironmentReport edited = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var mark = it.connection().reconcileCalls().snapshot();
            EnvironmentReport r = reconciler.check(it.env);
            lastCycleCalls[0] = it.connection().reconcileCalls().totalSince(mark);
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
        assertThat(reconciler.check(it.env).status()).isEqualTo("Synced");

        it.cluster.client().configMaps().inNamespace(it.cluster.namespace()).withName("app-config").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> entry(reconciler.check(it.env), "ConfigMap", "app-config").status() == Verdict.Missing);

        String manifests = manifests(it.cluster.namespace());
        it.repo.write("environments/" + it.env + "/app.yaml", manifests.substring(manifests.indexOf("apiVersion: v1\nkind: Service")))
                .write("environments/" + it.env + "/extra.yaml", ReconcilerHarness.yaml("taken-configmap-desired"))
                .commit("drop the config map, add one that another environment owns");
        it.cluster.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("taken").withNamespace(it.cluster.namespace())
                .addToLabels("plumbline.dev/environment", "someone-else").endMetadata()
                .withAdditionalProperties(Map.of("data", Map.of("a", "b"))).build()).create();
        // Put the config map back so it is live, in the inventory, and no longer in Git.
        applyConfigMapBack();

        EnvironmentReport report = reconciler.check(it.env);
        assertThat(report.revision().subject()).startsWith("drop the config map");
        assertThat(entry(report, "ConfigMap", "app-config").status()).isEqualTo(Verdict.Orphaned);
        DriftEntry taken = entry(report, "ConfigMap", "taken");
        assertThat(taken.status()).isEqualTo(Verdict.Conflict);
        assertThat(taken.message()).contains("someone-else");
        assertThat(entry(report, "Deployment", "app").status()).isEqualTo(Verdict.InSync);
    }

    private void applyConfigMapBack() {
        it.cluster.client().resource(new GenericKubernetesResourceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withNewMetadata().withName("app-config").withNamespace(it.cluster.namespace())
                .addToLabels("plumbline.dev/environment", it.env).addToLabels("app.kubernetes.io/managed-by", "plumbline").endMetadata()
                .withAdditionalProperties(Map.of("data", Map.of("LOG_LEVEL", "info"))).build())
                .fieldManager("plumbline").forceConflicts().serverSideApply();
    }

    @Test
    void brokenManifestAndUnreachableGitKeepTheLastGoodReportMarkedStale() throws Exception {
        applyAll();
        EnvironmentReport good = reconciler.check(it.env);
        assertThat(good.status()).isEqualTo("Synced");

        it.repo.write("environments/" + it.env + "/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n").commit("broken");
        EnvironmentReport broken = reconciler.check(it.env);
        assertThat(broken.stale()).isTrue();
        assertThat(broken.error()).contains("render failed");
        assertThat(broken.problems()).anySatisfy(p -> assertThat(p).startsWith("environments/" + it.env + "/broken.yaml:4:"));
        assertThat(broken.entries()).hasSize(3).allSatisfy(e -> assertThat(e.status()).isEqualTo(Verdict.InSync));
        assertThat(broken.revision().sha()).isEqualTo(good.revision().sha());

        Files.move(it.repo.dir(), it.tmp.resolve("moved-away"));
        EnvironmentReport unreachable = reconciler.check(it.env);
        assertThat(unreachable.stale()).isTrue();
        assertThat(unreachable.error()).contains("failed");
        assertThat(unreachable.entries()).hasSize(3);
    }

    @Test
    void reportJsonHasTheDesignShape() throws Exception {
        applyAll();
        new Kubectl(it.cluster.kubeconfigPath()).run("-n", it.cluster.namespace(), "patch", "configmap/app-config",
                "--field-manager=ops-team", "--type=merge", "-p", "{\"data\":{\"LOG_LEVEL\":\"debug\"}}");
        EnvironmentReport report = await().atMost(Duration.ofSeconds(10))
                .until(() -> reconciler.check(it.env), r -> entry(r, "ConfigMap", "app-config").status() == Verdict.Modified);
        String json = dev.plumbline.cli.DiffCommandAccess.json(report);
        assertThat(json).contains("\"status\" : \"Modified\"", "\"path\" : \"/data/LOG_LEVEL\"", "\"field\" : \"data.LOG_LEVEL\"",
                "\"manager\" : \"ops-team\"", "\"checkedAt\" : \"", "\"Modified\" : 1");
        FieldChange change = entry(report, "ConfigMap", "app-config").changes().get(0);
        assertThat(change.desired()).isEqualTo("info");
        assertThat(change.live()).isEqualTo("debug");
    }
}
