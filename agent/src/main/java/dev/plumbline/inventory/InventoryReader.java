package dev.plumbline.inventory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an inventory: the head, then its shards. A listed shard that is gone means a newer save published another
 * set and deleted this one between our two reads: read the head again. Anything that does not decode is an
 * {@link InventoryCorruptException}, never an empty inventory.
 */
final class InventoryReader {

    private final InventoryObjects objects;
    private final int maxAttempts;

    InventoryReader(InventoryObjects objects, int maxAttempts) {
        this.objects = objects;
        this.maxAttempts = maxAttempts;
    }

    Inventory load(String env) {
        String previousVersion = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            ConfigMap head = get(env, InventoryObjects.headName(env));
            if (head == null) {
                return Inventory.empty(env);
            }
            String version = head.getMetadata().getResourceVersion();
            InventoryCodec.HeadDoc doc = decode(env, head, InventoryCodec.HEAD_KEY, InventoryCodec.HeadDoc.class);
            checkHead(env, head, doc);
            if (doc.shards() == null) {
                return checkedCount(env, head, doc.count(), new Inventory(env, entries(env, head, doc.entries()), version,
                        InventoryObjects.owner(head), head.getMetadata().getUid()));
            }
            List<InventoryEntry> entries = readShards(env, doc);
            if (entries != null) {
                return checkedCount(env, head, doc.count(), new Inventory(env, entries, version,
                        InventoryObjects.owner(head), head.getMetadata().getUid()));
            }
            if (version.equals(previousVersion)) { // the head did not move, yet a shard is gone
                throw new InventoryCorruptException(env, objects.describe(head.getMetadata().getName()),
                        "a shard it lists does not exist", null);
            }
            previousVersion = version;
        }
        throw new InventoryException("Inventory " + env + " load failed: the inventory kept changing during "
                + maxAttempts + " reads");
    }

    /** The entries of every shard, or {@code null} if one is gone (superseded meanwhile). */
    private List<InventoryEntry> readShards(String env, InventoryCodec.HeadDoc doc) {
        List<InventoryEntry> entries = new ArrayList<>(doc.count());
        for (InventoryCodec.ShardRef ref : doc.shards()) {
            ConfigMap shard = get(env, ref.name());
            if (shard == null) {
                return null;
            }
            String stored = binary(env, shard, InventoryCodec.SHARD_KEY);
            if (!InventoryCodec.sha256(Base64.getDecoder().decode(stored)).equals(ref.sha256())) {
                throw new InventoryCorruptException(env, objects.describe(ref.name()),
                        "its content does not match the SHA-256 its head lists", null);
            }
            InventoryCodec.ShardDoc shardDoc = decode(env, shard, InventoryCodec.SHARD_KEY, InventoryCodec.ShardDoc.class);
            List<InventoryEntry> part = entries(env, shard, shardDoc.entries());
            if (part.size() != ref.count()) {
                throw new InventoryCorruptException(env, objects.describe(ref.name()),
                        "it holds " + part.size() + " entries, its head lists " + ref.count(), null);
            }
            entries.addAll(part);
        }
        return entries;
    }

    private ConfigMap get(String env, String name) {
        try {
            return objects.configMaps().withName(name).get();
        } catch (KubernetesClientException e) {
            throw new InventoryException("Inventory " + env + " load failed: " + objects.describe(name) + ": "
                    + e.getMessage(), e);
        }
    }

    private String binary(String env, ConfigMap cm, String key) {
        Map<String, String> binary = cm.getBinaryData();
        String stored = binary == null ? null : binary.get(key);
        if (stored == null) {
            throw new InventoryCorruptException(env, objects.describe(cm.getMetadata().getName()),
                    "binaryData." + key + " is missing", null);
        }
        return stored;
    }

    private <T> T decode(String env, ConfigMap cm, String key, Class<T> type) {
        try {
            return InventoryCodec.gunzipJson(Base64.getDecoder().decode(binary(env, cm, key)), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InventoryCorruptException(env, objects.describe(cm.getMetadata().getName()),
                    "binaryData." + key + " does not decode (" + e.getMessage() + ")", e);
        }
    }

    private void checkHead(String env, ConfigMap head, InventoryCodec.HeadDoc doc) {
        if (!env.equals(doc.environment())) {
            throw new InventoryCorruptException(env, objects.describe(head.getMetadata().getName()),
                    "it belongs to environment " + doc.environment(), null);
        }
        if ((doc.entries() == null) == (doc.shards() == null)) {
            throw new InventoryCorruptException(env, objects.describe(head.getMetadata().getName()),
                    "it must hold exactly one of entries and shards", null);
        }
    }

    private List<InventoryEntry> entries(String env, ConfigMap cm, List<InventoryCodec.EntryDoc> docs) {
        if (docs == null) {
            throw new InventoryCorruptException(env, objects.describe(cm.getMetadata().getName()), "entries are missing", null);
        }
        try {
            return docs.stream().map(d -> {
                Objects.requireNonNull(d.apiVersion(), "apiVersion");
                return d.toEntry();
            }).toList();
        } catch (RuntimeException e) {
            throw new InventoryCorruptException(env, objects.describe(cm.getMetadata().getName()),
                    "an entry is invalid (" + e.getMessage() + ")", e);
        }
    }

    private Inventory checkedCount(String env, ConfigMap head, int count, Inventory inventory) {
        if (inventory.size() != count) {
            throw new InventoryCorruptException(env, objects.describe(head.getMetadata().getName()),
                    "it lists " + count + " entries, its shards hold " + inventory.size(), null);
        }
        return inventory;
    }
}
