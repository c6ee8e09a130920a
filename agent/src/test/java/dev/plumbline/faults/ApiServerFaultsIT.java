package dev.plumbline.faults;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.history.SyncResult;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * API server faults that leave it running: throttling, server errors and slow answers injected by a TLS-terminating
 * proxy on 127.0.0.1, another field manager holding Plumbline's fields, RBAC forbidding one kind, and a CRD deleted
 * under its objects. (Stopping the API server itself: {@link ApiServerStopDisruptiveIT}, in its own JVM.)
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class ApiServerFaultsIT {

    TestCluster cluster; // injected by KubernetesExtension
    @RegisterExtension
    final FaultHarness it = new FaultHarness();
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        cleanups.forEach(Runnable::run);
    }

    /** Through the proxy: few retries, short timeouts, so that a fault shows within seconds. */
    private Config throughProxy(FaultProxy proxy, int retries, int requestTimeoutMillis) throws Exception {
        return new ConfigBuilder(throughProxy(proxy)).withRequestRetryBackoffLimit(retries).withRequestRetryBackoffInterval(50)
                .withRequestTimeout(requestTimeoutMillis).withConnectionTimeout(2_000).build();
    }

    /** Through the proxy with the agent's own retry settings (Fabric8's defaults: 10 retries, backoff from 1 s). */
    private Config throughProxy(FaultProxy proxy) throws Exception {
        return Config.fromKubeconfig(proxy.kubeconfig(it.tmp.resolve("proxy-kubeconfig"),
                cluster.controlPlane().adminToken()).toFile());
    }

    private FaultProxy proxy() throws Exception {
        FaultProxy proxy = new FaultProxy(it.tmp, cluster.controlPlane().url());
        it.closeLater(proxy);
        assertThat(proxy.url()).startsWith("https://127.0.0.1:");
        return proxy;
    }

    private Map<String, String> convergedThrough(Config config, String... names) {
        it.writeConfigMaps("v1", names).commit("first");
        it.start(GitSourceOptions.defaults().withUrl(it.work.dir().toString()), config);
        EnvironmentReport first = it.cycle();
        assertThat(first.error()).as("first cycle through the proxy: error").isNull();
        assertThat(first.status()).as("first cycle through the proxy: %s %s", first.lastSync(), first.entries())
                .isEqualTo("Synced");
        return it.configMaps();
    }

    @Test
    @Fault("API server answers 429 Too Many Requests (Retry-After: 1) through a TLS proxy")
    void throttlingIsRetriedAfterTheServersDelayAndTheSyncCompletes() throws Exception {
        FaultProxy proxy = proxy();
        Map<String, String> before = convergedThrough(throughProxy(proxy), "a", "b");
        it.writeConfigMaps("v2", "a", "c").commit("change a, add c");

        FaultProxy.Rule throttle = proxy.inject("PATCH", "/configmaps/", FaultProxy.Kind.TOO_MANY_REQUESTS, 2);
        long started = System.nanoTime();
        EnvironmentReport report = it.cycle();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(throttle.hits).as("429s answered").hasValue(2);
        // Each throttled request is sent again, and not before the Retry-After second has passed. (Fabric8 7.9 logs
        // the Retry-After delay but schedules the retry by its own backoff; the agent's backoff starts at 1 s, which
        // is what keeps a 1-second Retry-After. See docs/decisions/0001-retry-after-honoured-by-plumbline.md.)
        List<FaultProxy.Exchange> seen = proxy.exchanges();
        for (int i = 0; i < seen.size(); i++) {
            FaultProxy.Exchange refused = seen.get(i);
            if (refused.injected() != 429) {
                continue;
            }
            FaultProxy.Exchange retry = seen.subList(i + 1, seen.size()).stream()
                    .filter(e -> e.method().equals(refused.method()) && e.path().equals(refused.path())).findFirst()
                    .orElseThrow(() -> new AssertionError("never retried: " + refused + " in " + seen));
            assertThat((retry.nanos() - refused.nanos()) / 1_000_000).as("the client waited Retry-After: %s", seen)
                    .isGreaterThanOrEqualTo(1_000);
        }
        assertThat(millis).as("the cycle includes the wait").isGreaterThanOrEqualTo(1_000);
        assertThat(report.error()).as("report error after throttling").isNull();
        assertThat(report.lastSync()).as("last sync of %s", report.entries()).isNotNull();
        assertThat(report.lastSync().result()).as("sync after throttling: %s", report.lastSync())
                .isEqualTo(SyncResult.SUCCEEDED);
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(it.configMaps()).containsEntry("b", before.get("b"));
        FaultLedger.objectsLost(it.missing(Set.of("a", "b", "c")));
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c"))).isZero();
    }

    @Test
    @Fault("API server answers 500 to every write of one object through a TLS proxy")
    void serverErrorsFailThatObjectReportItAndPruneNothing() throws Exception {
        FaultProxy proxy = proxy();
        Map<String, String> before = convergedThrough(throughProxy(proxy, 1, 10_000), "a", "b", "c");
        it.writeConfigMaps("v2", "a", "b");
        it.work.delete(it.dir() + "c.yaml");
        it.commit("change a and b, drop c");

        FaultProxy.Rule errors = proxy.inject("PATCH", "/configmaps/b\\?", FaultProxy.Kind.SERVER_ERROR, -1);
        EnvironmentReport failing = it.cycle();

        assertThat(errors.hits.get()).isGreaterThanOrEqualTo(2);
        assertThat(failing.lastSync().result()).isEqualTo(SyncResult.FAILED);
        assertThat(failing.lastSync().message()).contains("ConfigMap/" + it.env + "/b apply failed: HTTP 500")
                .contains("fault proxy: injected 500");
        assertThat(failing.lastSync().summary()).containsEntry("configured", 1).containsEntry("failed", 1)
                .containsEntry("skipped", 1);
        assertThat(failing.entries()).filteredOn(e -> e.name().equals("b")).extracting(DriftEntry::status)
                .containsExactly(Verdict.Error);
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(it.configMaps()).as("c is not pruned while the apply has failures")
                .containsEntry("b", before.get("b")).containsEntry("c", before.get("c"));
        FaultLedger.objectsLost(it.missing(Set.of("a", "b", "c")));

        proxy.clear();
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b"))).isZero();
        assertThat(it.value("b")).isEqualTo("v2");
        assertThat(it.configMaps()).doesNotContainKey("c");
        assertThat(it.history()).extracting(r -> r.result()).containsExactly(SyncResult.SUCCEEDED, SyncResult.FAILED,
                SyncResult.SUCCEEDED);
    }

    @Test
    @Fault("slow API server: every answer delayed, one write beyond the client's timeout")
    void slowAnswersSlowTheSyncDownAndATimedOutWriteIsRetriedNextCycle() throws Exception {
        FaultProxy proxy = proxy();
        Map<String, String> before = convergedThrough(throughProxy(proxy, 0, 2_000), "a", "b", "c");
        it.writeConfigMaps("v2", "a", "b", "c").commit("change all three");

        proxy.delay(null, "/", 150, -1);
        FaultProxy.Rule stuck = proxy.delay("PATCH", "/configmaps/b\\?(?!.*dryRun)", 3_000, 1);
        EnvironmentReport timedOut = it.cycle();
        assertThat(stuck.hits).hasValue(1);
        assertThat(timedOut.error()).as("a write without an answer is an infrastructure failure").isNotNull()
                .contains("ConfigMap/" + it.env + "/b apply failed");
        assertThat(it.configMaps().keySet()).containsExactly("a", "b", "c");

        long started = System.nanoTime();
        assertThat(it.assertConverged(it.keys("ConfigMap", "a", "b", "c"))).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(List.of(it.value("a"), it.value("b"), it.value("c"))).containsOnly("v2");
        FaultLedger.objectsLost(it.missing(before.keySet()));
    }

    @Test
    @Fault("another field manager holds Plumbline's field")
    void aConflictingFieldManagerIsNamedAndItsFieldTakenBack() {
        it.work.write(it.dir() + "plumbline.yaml", it.policy("  selfHeal: false"))
                .write(it.dir() + "settings.yaml", FaultHarness.configMap("settings", "from-git"));
        it.commit("first");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        String uid = it.cluster.client().configMaps().inNamespace(it.env).withName("settings").get().getMetadata().getUid();

        // The platform team's tool force-applies the same field (and one Plumbline never sets).
        ConfigMap theirs = new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace(it.env).endMetadata()
                .addToData("value", "hijacked").addToData("extra", "theirs").build();
        cluster.client().resource(theirs).fieldManager("platform-operator").forceConflicts().serverSideApply();

        EnvironmentReport drifted = it.reconciler().check(it.env);
        DriftEntry entry = drifted.entries().get(0);
        assertThat(entry.status()).isEqualTo(Verdict.Modified);
        assertThat(entry.changedBy()).extracting(ChangedBy::manager).containsExactly("platform-operator");
        assertThat(entry.changes()).singleElement().satisfies(c -> assertThat(c.path()).isEqualTo("/data/value"));

        SyncOutcome outcome = it.reconciler().sync(it.env, ManualSync.defaults());
        ChangeEntry taken = outcome.changeSet().entries().get(0);
        assertThat(taken.action()).isEqualTo(Action.CONFIGURED);
        assertThat(taken.takenFrom()).containsExactly("platform-operator");
        ConfigMap live = cluster.client().configMaps().inNamespace(it.env).withName("settings").get();
        assertThat(live.getMetadata().getUid()).as("configured in place, never re-created").isEqualTo(uid);
        assertThat(live.getData()).containsEntry("value", "from-git").containsEntry("extra", "theirs");
        assertThat(owners(live, "f:value")).containsExactly("plumbline");
        assertThat(owners(live, "f:extra")).containsExactly("platform-operator");
        FaultLedger.objectsLost(it.missing(Set.of("settings")));
        assertThat(it.assertConverged(it.keys("ConfigMap", "settings"))).isZero();
    }

    private static List<String> owners(ConfigMap cm, String field) {
        return cm.getMetadata().getManagedFields().stream()
                .filter(m -> String.valueOf(m.getFieldsV1().getAdditionalProperties().get("f:data")).contains(field + "="))
                .map(ManagedFieldsEntry::getManager).toList();
    }

    @Test
    @Fault("RBAC forbids one kind (Secrets) to the agent's user")
    void rbacForbiddingSecretsFailsOnlyTheSecretsAndDeletesNothing() throws Exception {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: %s\n";
        it.work.write(it.dir() + "plumbline.yaml", it.policy()).write(it.dir() + "creds.yaml", secret.formatted("first"));
        it.writeConfigMaps("v1", "a", "b").commit("first");
        it.start(it.work.dir().toString()); // as admin: everything applies
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();
        String secretVersion = cluster.client().secrets().inNamespace(it.env).withName("creds").get().getMetadata().getResourceVersion();

        String role = it.env + "-no-secrets";
        grant(role, false);
        it.work.write(it.dir() + "creds.yaml", secret.formatted("second"));
        it.writeConfigMaps("v2", "a").commit("change a and the secret");
        Config limited = Config.fromKubeconfig(ControlPlaneOptions.LIMITED_USER, cluster.kubeconfigPath().toFile());
        it.start(GitSourceOptions.defaults().withUrl(it.work.dir().toString()), limited); // the agent restarts as the limited user

        EnvironmentReport forbidden = it.cycle();
        assertThat(forbidden.error()).isNull();
        assertThat(forbidden.entries()).filteredOn(e -> e.kind().equals("Secret")).singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Verdict.Error))
                .satisfies(e -> assertThat(e.message()).contains("HTTP 403").contains("secrets"));
        assertThat(forbidden.lastSync().result()).isEqualTo(SyncResult.FAILED);
        assertThat(forbidden.lastSync().message()).contains("Secret/" + it.env + "/creds").contains("HTTP 403")
                .doesNotContain("second").doesNotContain("first");
        assertThat(it.value("a")).as("the other kinds still apply").isEqualTo("v2");
        assertThat(it.configMaps()).containsEntry("b", before.get("b"));
        assertThat(cluster.client().secrets().inNamespace(it.env).withName("creds").get().getMetadata().getResourceVersion())
                .as("the secret is neither changed nor deleted").isEqualTo(secretVersion);
        FaultLedger.objectsLost(it.missing(before.keySet())
                + (cluster.client().secrets().inNamespace(it.env).withName("creds").get() == null ? 1 : 0));

        grant(role, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> it.cycle().status().equals("Synced"));
        assertThat(it.assertConverged(setOf(it.keys("ConfigMap", "a", "b"), it.keys("Secret", "creds")))).isZero();
        assertThat(new String(java.util.Base64.getDecoder().decode(cluster.client().secrets().inNamespace(it.env)
                .withName("creds").get().getData().get("password")))).isEqualTo("second");
    }

    @Test
    @Fault("a Secret in Git whose data is not base64 (the API server refuses it)")
    void aSecretWithInvalidDataIsAnErrorNotMissingAndTheRestConverges() throws Exception {
        it.writeConfigMaps("v1", "a", "b").commit("first");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();

        String plain = "n0t-base64-at-all!";
        it.work.write(it.dir() + "bad.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad\ndata:\n  token: \""
                + plain + "\"\n");
        it.writeConfigMaps("v2", "a").commit("change a, add a Secret with plain text in data");

        EnvironmentReport report = it.cycle();
        assertThat(report.entries()).filteredOn(e -> e.kind().equals("Secret")).singleElement()
                .satisfies(e -> assertThat(e.status()).as("not Missing: it can never be created").isEqualTo(Verdict.Error))
                .satisfies(e -> assertThat(e.message()).startsWith("Secret/" + it.env + "/bad validation failed: "
                        + "data.token is not valid base64"));
        assertThat(report.lastSync().result()).isEqualTo(SyncResult.FAILED);
        assertThat(report.lastSync().message()).contains("Secret/" + it.env + "/bad apply failed: HTTP ");
        assertThat(report.toString()).as("entries, sync message, history: the value nowhere").doesNotContain(plain);
        assertThat(it.value("a")).as("the other objects still apply").isEqualTo("v2");
        assertThat(it.configMaps()).containsEntry("b", before.get("b"));
        FaultLedger.objectsLost(it.missing(before.keySet()));

        it.work.write(it.dir() + "bad.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad\nstringData:\n  token: \""
                + plain + "\"\n");
        it.commit("plain text belongs in stringData");
        assertThat(it.assertConverged(setOf(it.keys("ConfigMap", "a", "b"), it.keys("Secret", "bad")))).isZero();
    }

    /** A ClusterRole for the limited user: everything it needs, Secrets only when {@code secrets}. */
    private void grant(String name, boolean secrets) {
        List<String> core = new ArrayList<>(List.of("configmaps", "services", "namespaces", "events", "serviceaccounts"));
        if (secrets) {
            core.add("secrets");
        }
        PolicyRule rule = new PolicyRuleBuilder().withApiGroups("").withResources(core).withVerbs("*").build();
        PolicyRule events = new PolicyRuleBuilder().withApiGroups("events.k8s.io").withResources("events").withVerbs("*").build();
        ClusterRole role = new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rule, events).build();
        ClusterRoleBinding binding = new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(name).endRoleRef()
                .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(ControlPlaneOptions.LIMITED_USER)
                .endSubject().build();
        cluster.client().resource(role).forceConflicts().serverSideApply();
        cluster.client().resource(binding).forceConflicts().serverSideApply();
        if (cleanups.isEmpty()) {
            cleanups.add(() -> {
                cluster.client().resource(binding).delete();
                cluster.client().resource(role).delete();
            });
        }
    }

    @Test
    @Fault("CRD deleted under its objects, then re-created")
    void aDeletedCrdMakesItsObjectsErrorsAndNothingElseIsPruned() {
        String group = it.env + ".faults.plumbline.dev";
        GenericKubernetesResource crd = crd(group);
        cluster.client().resource(crd).create();
        cleanups.add(() -> cluster.client().resource(crd).delete());
        awaitServed(group, true);
        String widget = "apiVersion: %s/v1\nkind: Widget\nmetadata:\n  name: %s\nspec:\n  size: %d\n";
        it.work.write(it.dir() + "w1.yaml", widget.formatted(group, "w1", 1)).write(it.dir() + "w2.yaml", widget.formatted(group, "w2", 2));
        it.writeConfigMaps("v1", "a", "b").commit("first");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = it.configMaps();

        cluster.client().resource(crd).delete();
        awaitServed(group, false); // Kubernetes deleted the widgets with their CRD
        it.writeConfigMaps("v2", "a").commit("change a meanwhile");

        EnvironmentReport unserved = it.cycle();
        assertThat(unserved.error()).isNull();
        assertThat(unserved.entries()).filteredOn(e -> e.kind().equals("Widget")).hasSize(2)
                .allSatisfy(e -> assertThat(e.status()).isIn(Verdict.Error, Verdict.Missing));
        assertThat(unserved.lastSync().result()).isEqualTo(SyncResult.FAILED);
        assertThat(unserved.lastSync().message()).contains("Widget/" + it.env + "/w1 apply failed: HTTP 404");
        assertThat(it.value("a")).isEqualTo("v2");
        assertThat(it.configMaps()).containsEntry("b", before.get("b"));
        assertThat(it.inventory()).as("the widgets stay in the inventory: Plumbline still owns them")
                .containsAll(it.keys("Widget", "w1", "w2"));
        FaultLedger.objectsLost(it.missing(before.keySet()));

        cluster.client().resource(crd(group)).create();
        awaitServed(group, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> it.cycle().status().equals("Synced"));
        assertThat(it.assertConverged(setOf(it.keys("ConfigMap", "a", "b"), it.keys("Widget", "w1", "w2")))).isZero();
        assertThat(cluster.client().genericKubernetesResources(group + "/v1", "Widget").inNamespace(it.env).list().getItems())
                .extracting(w -> w.getMetadata().getName()).containsExactlyInAnyOrder("w1", "w2");
    }

    private GenericKubernetesResource crd(String group) {
        return cluster.client().getKubernetesSerialization().unmarshal(
                YamlFixtures.text("faults/widget-crd.yaml").formatted(group, group), GenericKubernetesResource.class);
    }

    private void awaitServed(String group, boolean served) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                cluster.client().genericKubernetesResources(group + "/v1", "Widget").inNamespace(it.env).list();
                return served;
            } catch (RuntimeException e) {
                return !served;
            }
        });
    }

    private static Set<String> setOf(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
