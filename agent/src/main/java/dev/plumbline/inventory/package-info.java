/**
 * The inventory: per environment, the objects Plumbline applied and has not yet seen deleted. It is the only source
 * of prune candidates (a copied environment label never makes an object prunable), and it lives in the cluster, so
 * pruning survives restarts, lost labels and one-shot CLI runs.
 *
 * <p>Semantics. An object enters the inventory before it is applied and leaves it only when its deletion is
 * confirmed ({@link dev.plumbline.inventory.Inventory#plus}, {@link dev.plumbline.inventory.Inventory#minus});
 * {@link dev.plumbline.inventory.Inventory#orphans} are the entries no longer rendered. Entries are unique by
 * {@link dev.plumbline.resource.ResourceKey} (group, kind, namespace, name) and remember the apiVersion they were
 * applied with, so an object can still be addressed after its manifest left Git, and the UID the API server answered
 * the apply with ({@code null} until known), so that prune deletes only that object and never a namesake someone
 * else re-created.
 *
 * <p>Ownership. The inventory also records which source owns the environment ({@link dev.plumbline.inventory.Owner}:
 * normalized repository URL without credentials, plus {@code plumbline.instance}); {@code null} is unclaimed (never
 * stored, or stored by a release that did not record owners) and the first source that syncs claims it.
 * {@link dev.plumbline.inventory.Inventory#conflictWith} answers another source with an
 * {@link dev.plumbline.inventory.OwnershipConflict}. The owner lives in the head's annotations, not in the
 * compressed document, so an operator can read it, and release the environment, with kubectl.
 *
 * <p>Storage. {@link dev.plumbline.inventory.InventoryStore} keeps one head ConfigMap per environment,
 * {@code plumbline-inventory-<env>}, in the state namespace (default {@code plumbline-system}, created if missing).
 * Its {@code binaryData} holds gzip-compressed JSON with a {@code formatVersion}. The labels mark it as Plumbline's
 * state and deliberately omit {@code plumbline.dev/environment}, so it is never a managed or prunable object. The
 * head's resourceVersion is the optimistic-concurrency token: {@code save} with a stale one throws
 * {@link dev.plumbline.inventory.InventoryConflictException}; {@code update} re-loads and re-applies its change.
 * <pre>{@code
 * apiVersion: v1
 * kind: ConfigMap
 * metadata:
 *   name: plumbline-inventory-production
 *   namespace: plumbline-system
 *   labels:
 *     app.kubernetes.io/managed-by: plumbline
 *     plumbline.dev/state: inventory
 *     plumbline.dev/state-of: production
 *     plumbline.dev/inventory-part: head
 *   annotations:
 *     plumbline.dev/inventory-entries: "2"          # for humans; the document is authoritative
 *     plumbline.dev/owner: https://git.example.com/acme/deploy   # the owning source (absent: unclaimed)
 *     plumbline.dev/owner-instance: blue                         # plumbline.instance, when not empty
 * binaryData:
 *   inventory.json.gz: H4sIAAAAAAAA/...             # gzip of:
 *   #  {"formatVersion":1,"environment":"production","count":2,"entries":[
 *   #    {"apiVersion":"v1","kind":"Namespace","name":"shop"},
 *   #    {"apiVersion":"apps/v1","kind":"Deployment","namespace":"shop","name":"orders-api",
 *   #     "uid":"6f1c2a0e-3b9d-4e8a-9d7c-1f2e3a4b5c6d"}]}
 * }</pre>
 * Entries written by the previous release have no {@code uid} (the format version stays 1: the field is optional, and
 * that release ignores it). 10,000 entries compress to a few tens of KiB, about 265 KiB with UIDs (random, so they
 * barely compress). An inventory whose compressed document would exceed
 * {@link dev.plumbline.inventory.InventoryStore.Options#maxObjectBytes()} (default 128 KiB, far below the 1 MiB object
 * limit) is split into shards {@code plumbline-inventory-<env>-<token>-1}, {@code -2}, ... (label
 * {@code plumbline.dev/inventory-part: shard}, {@code binaryData.entries.json.gz} =
 * {@code {"formatVersion":1,"environment":..,"shard":1,"entries":[..]}}), and the head lists them instead of entries:
 * <pre>{@code
 *   #  {"formatVersion":1,"environment":"production","count":12000,"shards":[
 *   #    {"name":"plumbline-inventory-production-3fa9c1-1","sha256":"9b1e...","count":6000},
 *   #    {"name":"plumbline-inventory-production-3fa9c1-2","sha256":"07d2...","count":6000}]}
 * }</pre>
 * A save writes fresh shards first (a new token each time, so no shard is ever rewritten in place) and the head last:
 * the head's compare-and-swap publishes the whole set at once, and a reader never sees a half-written one. Superseded
 * shards are deleted after the head moved. Anything that does not decode — bad gzip, bad JSON, an unknown format
 * version, a hash or count mismatch, a missing shard — is an {@link dev.plumbline.inventory.InventoryCorruptException}
 * naming the ConfigMap, never an empty inventory.
 *
 * <p>Verdict record. Beside the inventory, {@link dev.plumbline.inventory.VerdictRecordStore} keeps
 * {@code plumbline-verdicts-<env>} (label {@code plumbline.dev/state: verdicts}): the InSync verdicts the agent
 * confirmed, so a restarted agent need not dry-run unchanged objects (decision 0047). It is a cache, never a source of
 * truth: anything that does not decode is ignored with a log line, not an error, and a record too large (512 KiB
 * compressed, about 4,500 objects) is not written.
 * <pre>{@code
 * binaryData:
 *   verdicts.json.gz: ...   # gzip of {"formatVersion":1,"environment":"production","server":"v1.37.2+<commit>",
 *   #   "fieldManager":"plumbline","identity":"","entries":[{"v":"apps/v1","k":"Deployment","ns":"shop",
 *   #   "n":"orders-api","d":"<desired sha256>","u":"<uid>","rv":"81234","c":"<claim sha256>"}]}
 * }</pre>
 *
 * <p>Events. The head is the environment's object for {@code kubectl describe}: each sync leaves one summary Event on
 * it ({@link dev.plumbline.inventory.InventoryStore#recordEvent}, reasons {@code Synced}, {@code SyncFailed},
 * {@code SyncStopped}), naming it by kind, name and UID (an {@link dev.plumbline.inventory.Inventory} read or written
 * carries the head's UID, so no read is needed), on the store's identity like the inventory itself.
 */
package dev.plumbline.inventory;
