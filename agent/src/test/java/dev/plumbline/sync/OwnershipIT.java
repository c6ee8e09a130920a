package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.inventory.Owner;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's side of ownership: the claim is compare-and-swap, and a conflict writes nothing. */
@ExtendWith(KubernetesExtension.class)
class OwnershipIT {

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    private static final Owner A = new Owner("https://git.example.com/acme/a", "");
    private static final Owner B = new Owner("https://git.example.com/acme/b", "");

    @Test
    void aConflictedDryRunAndSyncWriteNothing() {
        sync(A, configMap("a1"), false);
        String inventoryVersion = it.inventory().resourceVersion();

        ChangeSet dry = sync(B, configMap("b1"), true);
        ChangeSet real = sync(B, configMap("b1"), false);

        assertThat(dry.conflict()).isNotNull();
        assertThat(real.conflict()).extracting(c -> c.owner(), c -> c.claimant()).containsExactly(A, B);
        assertThat(real.failed()).isTrue();
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "b1")).isNull();
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), "a1")).isNotNull();
        assertThat(it.inventory().resourceVersion()).as("the inventory is not written").isEqualTo(inventoryVersion);
    }

    @RepeatedTest(3)
    void twoSourcesClaimingANewEnvironmentAtOnceExactlyOneWins() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<ChangeSet> a = CompletableFuture.supplyAsync(() -> await(start, () -> sync(A, configMap("a1"), false)));
        CompletableFuture<ChangeSet> b = CompletableFuture.supplyAsync(() -> await(start, () -> sync(B, configMap("b1"), false)));
        start.countDown();
        ChangeSet first = a.get();
        ChangeSet second = b.get();

        assertThat(List.of(first, second)).filteredOn(c -> c.conflict() == null).hasSize(1);
        Owner winner = first.conflict() == null ? A : B;
        String theirs = winner == A ? "b1" : "a1";
        String ours = winner == A ? "a1" : "b1";
        assertThat(it.inventory().owner()).isEqualTo(winner);
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), ours)).isNotNull();
        assertThat(it.get("v1", "ConfigMap", cluster.namespace(), theirs)).as("the loser applied nothing").isNull();
        assertThat(it.inventoryKeys()).containsExactly(SyncHarness.key("", "ConfigMap", cluster.namespace(), ours));
    }

    private ChangeSet sync(Owner owner, List<DesiredObject> desired, boolean dryRun) {
        return it.engine.sync(new SyncRequest(it.env, "rev-1", desired, EnvironmentPolicy.defaults(),
                SyncOptions.defaults().withOwner(owner).withDryRun(dryRun), Map.of()));
    }

    private List<DesiredObject> configMap(String name) {
        return it.objects("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: NS}\n");
    }

    private static <T> T await(CountDownLatch latch, java.util.function.Supplier<T> then) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return then.get();
    }
}
