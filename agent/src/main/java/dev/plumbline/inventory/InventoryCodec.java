package dev.plumbline.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.state.StateDocuments;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The stored format (see package-info): gzip-compressed JSON documents, one per ConfigMap, and the split of a large
 * inventory into shards that each stay below a size bound.
 */
final class InventoryCodec {

    static final int FORMAT_VERSION = 1;
    static final String HEAD_KEY = "inventory.json.gz";
    static final String SHARD_KEY = "entries.json.gz";

    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One entry; {@code namespace} absent for cluster-scoped objects, {@code uid} absent when not known (entries written
     * by a release that did not record UIDs decode to that; such a release ignores the field, so a downgrade reads).
     */
    record EntryDoc(String apiVersion, String kind, String namespace, String name, String uid) {

        static EntryDoc of(InventoryEntry e) {
            return new EntryDoc(e.apiVersion(), e.key().kind(), e.key().namespace(), e.key().name(), e.uid());
        }

        InventoryEntry toEntry() {
            return InventoryEntry.of(apiVersion, kind, namespace, name).withUid(uid);
        }
    }

    /** A shard as the head lists it: its ConfigMap's name, the SHA-256 of its stored bytes, its entry count. */
    record ShardRef(String name, String sha256, int count) {
    }

    /** The head document: either {@code entries} inline or {@code shards}. */
    record HeadDoc(int formatVersion, String environment, int count, List<EntryDoc> entries, List<ShardRef> shards) {
    }

    record ShardDoc(int formatVersion, String environment, int shard, List<EntryDoc> entries) {
    }

    /** What to write: the head's bytes and, for a large inventory, the shards' names and bytes. */
    record Layout(byte[] head, List<Shard> shards) {
    }

    record Shard(String name, byte[] bytes) {
    }

    private InventoryCodec() {
    }

    /**
     * Entries inline in the head if they fit in {@code maxBytes} compressed, else split evenly into as many shards as
     * needed, named {@code shardPrefix-1}, {@code shardPrefix-2}, ...
     */
    static Layout layout(Inventory inventory, String shardPrefix, int maxBytes) {
        List<EntryDoc> docs = inventory.entries().stream().map(EntryDoc::of).toList();
        byte[] inline = gzipJson(new HeadDoc(FORMAT_VERSION, inventory.environment(), docs.size(), docs, null));
        if (inline.length <= maxBytes) {
            return new Layout(inline, List.of());
        }
        int parts = (int) Math.ceil(inline.length * 1.2 / maxBytes);
        while (true) {
            List<List<EntryDoc>> chunks = partition(docs, parts);
            List<Shard> shards = new ArrayList<>();
            List<ShardRef> refs = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                byte[] bytes = gzipJson(new ShardDoc(FORMAT_VERSION, inventory.environment(), i + 1, chunks.get(i)));
                shards.add(new Shard(shardPrefix + "-" + (i + 1), bytes));
                refs.add(new ShardRef(shardPrefix + "-" + (i + 1), sha256(bytes), chunks.get(i).size()));
            }
            if (shards.stream().allMatch(shard -> shard.bytes().length <= maxBytes)) {
                byte[] head = gzipJson(new HeadDoc(FORMAT_VERSION, inventory.environment(), docs.size(), null, refs));
                return new Layout(head, shards);
            }
            if (chunks.size() == docs.size()) {
                throw new IllegalArgumentException("an inventory shard bound of " + maxBytes + " bytes cannot hold one entry");
            }
            parts = Math.min(docs.size(), parts * 2);
        }
    }

    /** {@code docs} in at most {@code parts} consecutive chunks of equal size (the last may be smaller), none empty. */
    private static List<List<EntryDoc>> partition(List<EntryDoc> docs, int parts) {
        int size = Math.max(1, (docs.size() + parts - 1) / parts);
        List<List<EntryDoc>> chunks = new ArrayList<>();
        for (int from = 0; from < docs.size(); from += size) {
            chunks.add(docs.subList(from, Math.min(docs.size(), from + size)));
        }
        return chunks;
    }

    static byte[] gzipJson(Object document) {
        return StateDocuments.gzipJson(JSON, document);
    }

    /**
     * Decodes one stored document, checking its format version before its shape, so that a newer format is reported
     * as such rather than as garbage.
     */
    static <T> T gunzipJson(byte[] stored, Class<T> type) throws IOException {
        return JSON.treeToValue(StateDocuments.versioned(StateDocuments.gunzipTree(JSON, stored), FORMAT_VERSION), type);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
