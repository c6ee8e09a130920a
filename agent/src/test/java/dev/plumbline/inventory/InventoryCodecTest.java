package dev.plumbline.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class InventoryCodecTest {

    @Test
    void aSmallInventoryIsInlineInTheHead() throws IOException {
        Inventory inventory = inventory(3);

        InventoryCodec.Layout layout = InventoryCodec.layout(inventory, "p", 128 * 1024);

        assertThat(layout.shards()).isEmpty();
        InventoryCodec.HeadDoc head = InventoryCodec.gunzipJson(layout.head(), InventoryCodec.HeadDoc.class);
        assertThat(head.count()).isEqualTo(3);
        assertThat(head.shards()).isNull();
        assertThat(head.entries().stream().map(InventoryCodec.EntryDoc::toEntry).toList()).isEqualTo(inventory.entries());
    }

    @Test
    void aLargeInventoryIsSplitIntoShardsBelowTheBoundThatTogetherHoldEveryEntry() throws IOException {
        Inventory inventory = inventory(10_000);

        InventoryCodec.Layout layout = InventoryCodec.layout(inventory, "p", 8 * 1024);

        assertThat(layout.shards()).hasSizeGreaterThan(1).allMatch(s -> s.bytes().length <= 8 * 1024);
        InventoryCodec.HeadDoc head = InventoryCodec.gunzipJson(layout.head(), InventoryCodec.HeadDoc.class);
        assertThat(head.entries()).isNull();
        assertThat(head.shards()).extracting(InventoryCodec.ShardRef::name)
                .isEqualTo(layout.shards().stream().map(InventoryCodec.Shard::name).toList())
                .startsWith("p-1", "p-2");
        List<InventoryEntry> all = new ArrayList<>();
        for (int i = 0; i < layout.shards().size(); i++) {
            byte[] bytes = layout.shards().get(i).bytes();
            assertThat(InventoryCodec.sha256(bytes)).isEqualTo(head.shards().get(i).sha256());
            InventoryCodec.ShardDoc shard = InventoryCodec.gunzipJson(bytes, InventoryCodec.ShardDoc.class);
            assertThat(shard.entries()).hasSize(head.shards().get(i).count());
            shard.entries().forEach(e -> all.add(e.toEntry()));
        }
        assertThat(all).isEqualTo(inventory.entries());
    }

    @Test
    void tenThousandEntriesCompressFarBelowTheObjectLimit() {
        byte[] head = InventoryCodec.layout(inventory(10_000), "p", 1 << 20).head();

        assertThat(head.length).isLessThan(64 * 1024);
    }

    @Test
    void tenThousandEntriesWithUidsStayFarBelowTheObjectLimit() throws IOException {
        Inventory inventory = withUids(inventory(10_000));

        InventoryCodec.Layout layout = InventoryCodec.layout(inventory, "p", 128 * 1024);

        long total = layout.head().length + layout.shards().stream().mapToLong(s -> s.bytes().length).sum();
        // UIDs are random, so they barely compress (about 20 bytes each): 10,000 entries take about 265 KiB in all,
        // spread over shards that each stay within the 128 KiB bound, far below the 1 MiB object limit.
        assertThat(total).as("all objects together, compressed").isLessThan(320 * 1024);
        assertThat(layout.shards()).hasSizeGreaterThan(1).allMatch(s -> s.bytes().length <= 128 * 1024);
        List<InventoryEntry> all = new ArrayList<>();
        for (InventoryCodec.Shard shard : layout.shards()) {
            InventoryCodec.gunzipJson(shard.bytes(), InventoryCodec.ShardDoc.class).entries().forEach(e -> all.add(e.toEntry()));
        }
        assertThat(all).isEqualTo(inventory.entries());
    }

    @Test
    void anEntryWithoutUidIsWrittenAndReadAsTheEarlierReleaseDid() throws IOException {
        Inventory old = inventory(2);

        byte[] head = InventoryCodec.layout(old, "p", 128 * 1024).head();

        String json = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(head)).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("uid");
        assertThat(InventoryCodec.gunzipJson(head, InventoryCodec.HeadDoc.class).entries())
                .extracting(e -> e.toEntry().uid()).containsOnlyNulls();
    }

    static Inventory withUids(Inventory inventory) {
        return new Inventory(inventory.environment(), inventory.entries().stream()
                .map(e -> e.withUid(java.util.UUID.randomUUID().toString())).toList(), null);
    }

    @Test
    void aNewerFormatVersionIsReportedAsSuch() {
        byte[] stored = InventoryCodec.gzipJson(Map.of("formatVersion", 2, "whatever", List.of()));

        assertThatThrownBy(() -> InventoryCodec.gunzipJson(stored, InventoryCodec.HeadDoc.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("formatVersion 2 is not supported");
    }

    static Inventory inventory(int size) {
        List<InventoryEntry> entries = IntStream.range(0, size)
                .mapToObj(i -> switch (i % 4) {
                    case 0 -> InventoryEntry.of("apps/v1", "Deployment", "team-" + (i % 50), "service-" + i);
                    case 1 -> InventoryEntry.of("v1", "ConfigMap", "team-" + (i % 50), "service-" + i + "-config");
                    case 2 -> InventoryEntry.of("v1", "Service", "team-" + (i % 50), "service-" + i);
                    default -> InventoryEntry.of("rbac.authorization.k8s.io/v1", "ClusterRole", null, "role-" + i);
                })
                .toList();
        return new Inventory("production", entries, null);
    }
}
