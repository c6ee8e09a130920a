package dev.plumbline.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import dev.plumbline.resource.ResourceKey;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final InventoryEntry NS = InventoryEntry.of("v1", "Namespace", null, "shop");
    private static final InventoryEntry API = InventoryEntry.of("apps/v1", "Deployment", "shop", "orders-api");
    private static final InventoryEntry WEB = InventoryEntry.of("apps/v1", "Deployment", "shop", "storefront");
    private static final InventoryEntry CM = InventoryEntry.of("v1", "ConfigMap", "shop", "settings");

    @Test
    void entriesAreSortedAndUniqueByKey() {
        Inventory inventory = new Inventory("prod", List.of(WEB, NS, API, CM, API), null);

        assertThat(inventory.entries()).containsExactly(CM, NS, API, WEB);
        assertThat(inventory.size()).isEqualTo(4);
    }

    @Test
    void plusAddsAndReplacesTheApiVersionOfAKnownKey() {
        InventoryEntry apiBeta = InventoryEntry.of("apps/v1beta2", "Deployment", "shop", "orders-api");

        Inventory inventory = Inventory.empty("prod").plus(List.of(API, NS)).plus(List.of(apiBeta, WEB));

        assertThat(inventory.entries()).containsExactly(NS, apiBeta, WEB);
        assertThat(inventory.find(API.key())).contains(apiBeta);
    }

    @Test
    void intentWithoutUidKeepsTheRecordedUidAndUidsAreRecordedForKnownKeysOnly() {
        Inventory applied = Inventory.empty("prod").plus(List.of(API.withUid("u1"), NS));

        Inventory again = applied.plus(List.of(API, WEB)).withUids(java.util.Map.of(NS.key(), "u2", CM.key(), "u3"));

        assertThat(again.entries()).containsExactly(NS.withUid("u2"), API.withUid("u1"), WEB);
        assertThat(applied.plus(List.of(API.withUid("u9"))).find(API.key())).contains(API.withUid("u9"));
    }

    @Test
    void theFirstSourceClaimsAnUnclaimedInventoryAndAnotherGetsAConflictNamingBoth() {
        Owner r5 = new Owner("https://git.example.com/acme/r5", "");
        Owner r6 = new Owner("https://git.example.com/acme/r6", "");
        Inventory old = new Inventory("e", List.of(API), "7"); // written by a release that recorded no owner

        Inventory claimed = old.claimedBy(r5);

        assertThat(old.conflictWith(r6)).isEmpty();
        assertThat(claimed.owner()).isEqualTo(r5);
        assertThat(claimed.sameEntries(old)).as("a claim is a change to write").isFalse();
        assertThat(claimed.claimedBy(r6).owner()).as("a claim never replaces an owner").isEqualTo(r5);
        assertThat(claimed.conflictWith(r5)).isEmpty();
        assertThat(claimed.conflictWith(new Owner(r5.source(), "blue"))).isPresent();
        assertThat(claimed.conflictWith(r6)).get().extracting(OwnershipConflict::message).asString()
                .startsWith("Conflict: environment e belongs to https://git.example.com/acme/r5; this source is "
                        + "https://git.example.com/acme/r6: nothing is applied or pruned");
        assertThat(claimed.plus(List.of(WEB)).minus(List.of(API.key())).withResourceVersion("8").owner()).isEqualTo(r5);
    }

    @Test
    void minusRemovesKeysAndIgnoresUnknownOnes() {
        Inventory inventory = new Inventory("prod", List.of(NS, API, WEB), "42");

        Inventory less = inventory.minus(List.of(API.key(), CM.key()));

        assertThat(less.entries()).containsExactly(NS, WEB);
        assertThat(less.resourceVersion()).isEqualTo("42");
        assertThat(inventory.size()).isEqualTo(3); // immutable
    }

    @Test
    void orphansAreTheEntriesNoLongerDesiredInKeyOrder() {
        Inventory inventory = new Inventory("prod", List.of(WEB, NS, API, CM), null);

        assertThat(inventory.orphans(Set.of(NS.key(), API.key()))).containsExactly(CM, WEB);
        assertThat(inventory.orphans(Set.of(NS.key(), API.key(), WEB.key(), CM.key()))).isEmpty();
    }

    @Test
    void containsLooksUpByKeyIgnoringVersion() {
        Inventory inventory = new Inventory("prod", List.of(NS, API, WEB, CM), null);

        assertThat(inventory.contains(ResourceKey.of("apps", "Deployment", "shop", "orders-api"))).isTrue();
        assertThat(inventory.contains(ResourceKey.of("apps", "Deployment", "other", "orders-api"))).isFalse();
        assertThat(inventory.contains(ResourceKey.of("", "Namespace", null, "shop"))).isTrue();
        assertThat(Inventory.empty("prod").contains(NS.key())).isFalse();
    }

    @Test
    void sameEntriesIgnoresTheResourceVersion() {
        assertThat(new Inventory("prod", List.of(NS), "1").sameEntries(new Inventory("prod", List.of(NS), "2"))).isTrue();
        assertThat(new Inventory("prod", List.of(NS), "1").sameEntries(new Inventory("prod", List.of(API), "1"))).isFalse();
    }

    @Test
    void anEntryIsInTheGroupOfItsApiVersion() {
        assertThatThrownBy(() -> new InventoryEntry(ResourceKey.of("apps", "Deployment", "shop", "x"), "v1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Deployment/shop/x");
    }
}
