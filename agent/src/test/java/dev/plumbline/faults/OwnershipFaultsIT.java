package dev.plumbline.faults;

import dev.plumbline.cli.CliDiffIT;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.sync.ChangeSet;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose environment it is, and whose object (issue 12, cases 1 and 2): a second repository that reuses an
 * environment's name, and an object that someone else re-created under a name Plumbline once applied. Before the
 * fix, both ended in {@code pruned}: the first without {@code confirmPrune} and outside the second repository's own
 * restrictions.
 */
@ExtendWith({KubernetesExtension.class, FaultLedgerExtension.class})
class OwnershipFaultsIT {

    TestCluster cluster; // injected by KubernetesExtension
    @RegisterExtension
    final FaultHarness it = new FaultHarness();

    @Test
    @Fault("a second repository reuses the environment's name (its restrictions elsewhere; plain sync, no confirmPrune)")
    void aSecondRepositoryReusingTheEnvironmentGetsAConflictAndPrunesNothing() {
        writeFirstRepository("cm0", "cm1", "cm2", "cm3").commit("r5: s1 and four ConfigMaps");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        Map<String, String> before = liveObjects();
        assertThat(before).hasSize(5);

        String other = it.env + "-6";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(other).endMetadata()
                .build()).serverSideApply();
        GitRepoFixture r6 = new GitRepoFixture(it.tmp.resolve("r6"));
        it.closeLater(r6);
        r6.write(it.dir() + "plumbline.yaml", "namespace: " + other + "\nrestrictions:\n  namespaces: [" + other + "]\n");
        r6.write(it.dir() + "x.yaml", FaultHarness.configMap("x", "r6"));
        r6.commit("r6: the same environment name, another namespace");
        Reconciler second = agent(r6.dir().toString());

        ChangeSet changes = second.sync(it.env, ManualSync.defaults()).changeSet();
        EnvironmentReport report = second.cycle(it.env, dev.plumbline.history.Trigger.POLL);

        FaultLedger.objectsLost(5 - (int) before.keySet().stream().filter(liveObjects()::containsKey).count());
        assertThat(changes.withAction(Action.PRUNED)).as("r6 prunes none of r5's objects").isEmpty();
        assertThat(changes.failed()).as("a conflict stops the sync (exit 2)").isTrue();
        assertThat(changes.guard()).as("the conflict names both sources")
                .contains("Conflict").contains(it.work.dir().toString()).contains(r6.dir().toString());
        assertThat(changes.conflict().owner().source()).isEqualTo("file://" + it.work.dir());
        assertThat(changes.conflict().claimant().source()).isEqualTo("file://" + r6.dir());
        assertThat(changes.entries()).extracting(ChangeEntry::toString).containsExactly("skipped ConfigMap/" + other
                + "/x (not applied: another source owns environment " + it.env + ")");
        assertThat(liveObjects()).as("r5's objects, untouched").isEqualTo(before);
        assertThat(cluster.client().configMaps().inNamespace(other).withName("x").get()).as("r6 applied nothing").isNull();
        assertThat(report.status()).isEqualTo("Conflict");
        assertThat(report.error()).contains(it.work.dir().toString()).contains(r6.dir().toString());
        assertThat(it.cycle().status()).as("r5 still owns and converges its environment").isEqualTo("Synced");
        assertThat(second.cycle(it.env, dev.plumbline.history.Trigger.POLL).status()).as("still r5's").isEqualTo("Conflict");
        assertThat(liveObjects()).as("r5's objects, untouched after r6's cycles").isEqualTo(before);

        Set<String> owned = new TreeSet<>(it.keys("ConfigMap", "cm0", "cm1", "cm2", "cm3"));
        owned.add("Secret/" + it.env + "/s1");
        assertThat(it.inventory()).as("r5's inventory").isEqualTo(owned);

        // The operator hands the environment over (docs/safety.md: remove the owner annotation): r6 claims it, and r5's
        // objects, outside r6's restrictions, are released from the inventory, not pruned.
        cluster.client().configMaps().inNamespace(cluster.stateNamespace()).withName("plumbline-inventory-" + it.env)
                .edit(cm -> { cm.getMetadata().getAnnotations().remove("plumbline.dev/owner"); return cm; });
        ChangeSet handedOver = second.sync(it.env, ManualSync.defaults()).changeSet();
        assertThat(handedOver.conflict()).isNull();
        assertThat(handedOver.withAction(Action.PRUNED)).isEmpty();
        assertThat(handedOver.withAction(Action.SKIPPED)).hasSize(5).allSatisfy(e -> assertThat(e.reason())
                .isEqualTo("not pruned: outside restrictions.namespaces [" + other + "]"));
        assertThat(liveObjects()).as("r5's objects survive the handover").isEqualTo(before);
        assertThat(it.inventory()).isEqualTo(Set.of("ConfigMap/" + other + "/x"));
    }

    @Test
    void theSameRepositorySpelledAnotherWayIsTheSameOwner() {
        writeFirstRepository("cm0").commit("one ConfigMap");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");

        Reconciler sameRepo = agent("file://" + it.work.dir() + "/.git/");
        it.work.delete(it.dir() + "cm0.yaml");
        it.writeConfigMaps("v", "cm1").commit("cm0 leaves Git");
        ChangeSet changes = sameRepo.sync(it.env, ManualSync.defaults()).changeSet();

        assertThat(changes.guard()).isNull();
        assertThat(changes.entries()).extracting(ChangeEntry::toString).contains(
                "created ConfigMap/" + it.env + "/cm1", "pruned ConfigMap/" + it.env + "/cm0");
    }

    @Test
    void theCliIsTheSameSourceAsTheAgentForTheSameRepositoryAndExits2ForAnother() {
        writeFirstRepository("cm0").commit("one ConfigMap");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        GitRepoFixture r6 = new GitRepoFixture(it.tmp.resolve("r6"));
        it.closeLater(r6);
        r6.write(it.dir() + "plumbline.yaml", it.policy()).write(it.dir() + "x.yaml", FaultHarness.configMap("x", "r6"));
        r6.commit("r6");

        CliDiffIT.Run same = cli("sync", it.work.dir().toString());
        CliDiffIT.Run other = cli("sync", r6.dir().toString());
        CliDiffIT.Run otherDiff = cli("diff", r6.dir().toString());
        CliDiffIT.Run otherInstance = cli("sync", it.work.dir().toString(), "--instance", "blue");

        assertThat(same.code()).as(same.err()).isZero();
        assertThat(other.code()).as(other.err()).isEqualTo(2);
        assertThat(other.err()).contains("plumbline sync: Conflict: environment " + it.env + " belongs to file://"
                + it.work.dir() + "; this source is file://" + r6.dir());
        assertThat(other.out()).contains("skipped ConfigMap/" + it.env + "/x (not applied: another source owns environment");
        assertThat(otherDiff.code()).as(otherDiff.err()).isEqualTo(2);
        assertThat(otherDiff.err()).contains("Conflict: environment " + it.env + " belongs to");
        assertThat(otherInstance.code()).isEqualTo(2);
        assertThat(otherInstance.err()).contains("this source is file://" + it.work.dir() + " (instance blue)");
        assertThat(cluster.client().configMaps().inNamespace(it.env).withName("x").get()).isNull();
        assertThat(it.cycle().status()).isEqualTo("Synced");
    }

    @Test
    @Fault("an object Plumbline applied is deleted and re-created by another team (new UID, no labels), then leaves Git")
    void anObjectReCreatedBySomeoneElseIsNotPruned() {
        writeFirstRepository("cm0", "cm19").commit("cm19 in Git");
        it.start(it.work.dir().toString());
        assertThat(it.cycle().status()).isEqualTo("Synced");
        String oldUid = configMap("cm19").getMetadata().getUid();
        cluster.client().configMaps().inNamespace(it.env).withName("cm19").withTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                .delete();
        cluster.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("cm19")
                .withNamespace(it.env).endMetadata().withData(Map.of("owner", "teamB")).build()).create();
        String teamB = configMap("cm19").getMetadata().getUid();
        assertThat(teamB).isNotEqualTo(oldUid);

        it.work.delete(it.dir() + "cm19.yaml");
        it.commit("cm19 leaves Git");
        ChangeSet changes = it.reconciler().sync(it.env, new ManualSync(null, false, null, false, true, null)).changeSet();

        ConfigMap after = configMap("cm19");
        FaultLedger.objectsLost(after == null ? 1 : 0);
        assertThat(changes.find(dev.plumbline.resource.ResourceKey.of("", "ConfigMap", it.env, "cm19")))
                .map(ChangeEntry::toString).contains("skipped ConfigMap/" + it.env + "/cm19 (not pruned: UID changed: "
                        + "re-created by someone else)");
        assertThat(after).as("team B's object").isNotNull();
        assertThat(after.getMetadata().getUid()).isEqualTo(teamB);
        assertThat(after.getData()).containsEntry("owner", "teamB");
        assertThat(it.inventory()).as("it left the inventory: never a prune candidate again")
                .isEqualTo(Set.of("ConfigMap/" + it.env + "/cm0", "Secret/" + it.env + "/s1"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** The first repository (r5): Secret s1 and the named ConfigMaps in the environment's namespace. */
    private GitRepoFixture writeFirstRepository(String... configMaps) {
        it.writeConfigMaps("r5", configMaps);
        it.work.write(it.dir() + "s1.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s1\ndata:\n  k: cjU=\n");
        return it.work;
    }

    private CliDiffIT.Run cli(String command, String repo, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command, "--repo", repo, "--env", it.env,
                "--kubeconfig", cluster.kubeconfigPath().toString(), "--state-namespace", cluster.stateNamespace(),
                "--cache-dir", it.tmp.resolve("cli-cache").toString()));
        args.addAll(java.util.List.of(extra));
        return CliDiffIT.run(args.toArray(String[]::new));
    }

    /** A second agent reading {@code url}, on its own connection; closed with the harness. */
    private Reconciler agent(String url) {
        return it.another(url, "cache-" + url.hashCode());
    }

    private ConfigMap configMap(String name) {
        return cluster.client().configMaps().inNamespace(it.env).withName(name).get();
    }

    /** s1 and the ConfigMaps of the environment's namespace, labelled or not: name → resourceVersion. */
    private Map<String, String> liveObjects() {
        Map<String, String> out = new java.util.TreeMap<>(it.configMaps());
        var secret = cluster.client().secrets().inNamespace(it.env).withName("s1").get();
        if (secret != null) {
            out.put("Secret/s1", secret.getMetadata().getResourceVersion());
        }
        return out;
    }
}
