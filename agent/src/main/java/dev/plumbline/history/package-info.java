/**
 * History: every sync recorded in the cluster, and each environment's durable control state (pin, approval, last
 * applied revision), so both survive restarts and one-shot CLI runs. Served by {@code GET
 * /api/v1/environments/{env}/history}.
 *
 * <p>Semantics. {@link dev.plumbline.history.HistoryStore#append} records a
 * {@link dev.plumbline.history.SyncRecord} — revision, {@link dev.plumbline.history.Trigger} (poll, webhook, manual,
 * selfHeal, approval, rollback), start and end, counts per ChangeSet action, {@link dev.plumbline.history.SyncResult}
 * (succeeded, failed, guarded), health after, message, dry run — under the next id of its environment (1, 2, 3, ...;
 * never reused, even after old records are dropped) and keeps the newest
 * {@link dev.plumbline.history.HistoryStore.Options#maxRecords()} (1,000). {@code list} returns them newest first.
 * {@link dev.plumbline.history.Deployments} says what each sync meant for delivery, from the record sequence alone:
 * only a new revision reaching the cluster is a deployment (not a self-heal revert, a re-apply or retry of the revision
 * already there, a dry run, a guarded sync, a failed sync that changed nothing); a rollback pin is a restore.
 * {@link dev.plumbline.history.Dora} computes the four DORA measures over the whole kept history with that one
 * definition, and the reconciler's deployment metric uses it too.
 * {@link dev.plumbline.history.EnvironmentStateStore#update} changes an
 * {@link dev.plumbline.history.EnvironmentControl} and stamps {@code updatedAt}; a change that leaves every revision
 * as it was writes nothing. The package knows nothing of the sync package: a ChangeSet arrives as a map of counts.
 *
 * <p>Storage. One ConfigMap per environment and purpose in the state namespace (default {@code plumbline-system},
 * created if missing), labelled as Plumbline's state and deliberately without {@code plumbline.dev/environment}, so
 * it is never a managed or prunable object; separate from the inventory, so a busy history never contends with
 * pruning. Both are written compare-and-swap on resourceVersion: a writer that lost the race (409) re-reads and
 * re-applies its change, so concurrent appends from two agents or an agent and the CLI all land.
 *
 * <p>Capacity. A record holds counts per action, never the per-object ChangeSet (that is in the sync's answer, the
 * CLI's output and the log), so records stay small. Texts (message, health message, commit subject) of the newest 50
 * records are cut at 4,096 characters, of older ones at 256: what failed stays readable, and a thousand records of a
 * busy environment (every tenth sync failed with ten objects' API errors) compress to about 62 KiB. The compressed
 * document must fit {@link dev.plumbline.history.HistoryStore.Options#maxBytes()} (512 KiB, about 683 KiB as base64,
 * far below the 1 MiB object limit); only pathological texts get there, and then the oldest records go first, with
 * a warning in the log. Records dropped by the cap or the budget leave {@code baselineRevision} behind (the revision
 * they left in the cluster), so the oldest kept record is still classified as it was when it was new. Documents
 * written by the 50-record release (no {@code baselineRevision}, {@code committedAt}, {@code appliedBefore}) load
 * as they are and grow to the new cap; the format version stays 1 (fields were only added, and an older agent
 * ignores them).
 * <pre>{@code
 * apiVersion: v1
 * kind: ConfigMap
 * metadata:
 *   name: plumbline-history-production
 *   namespace: plumbline-system
 *   labels: {app.kubernetes.io/managed-by: plumbline, plumbline.dev/state: history, plumbline.dev/state-of: production}
 * binaryData:
 *   history.json.gz: H4sIAAAAAAAA/...     # gzip of:
 *   #  {"formatVersion":1,"environment":"production","lastId":1002,"baselineRevision":"77ab0e3","records":[
 *   #    {"id":1002,"environment":"production","revision":"4f2a9c1","revisionSubject":"Bump orders-api to 1.3",
 *   #     "trigger":"webhook","startedAt":"2024-05-01T10:00:00Z","finishedAt":"2024-05-01T10:00:12Z",
 *   #     "result":"succeeded","summary":{"created":0,"configured":1,"unchanged":10,"pruned":0,"failed":0},
 *   #     "health":"Healthy","dryRun":false,"committedAt":"2024-05-01T09:41:07Z","appliedBefore":"77ab0e3"},
 *   #    ... down to {"id":3, ...}]}
 * ---
 * apiVersion: v1
 * kind: ConfigMap
 * metadata:
 *   name: plumbline-state-production
 *   namespace: plumbline-system
 *   labels: {app.kubernetes.io/managed-by: plumbline, plumbline.dev/state: control, plumbline.dev/state-of: production}
 * data:
 *   control.json: |                       # plain JSON: small, and worth reading with kubectl
 *     {"formatVersion": 1, "environment": "production",
 *      "control": {"pinnedRevision": "9c01d2e", "lastAppliedRevision": "9c01d2e", "updatedAt": "2024-05-01T11:02:00Z"}}
 * }</pre>
 * Anything that does not decode — bad base64 or gzip, bad JSON, an unknown {@code formatVersion}, another
 * environment's document — is a {@link dev.plumbline.history.HistoryCorruptException} naming the ConfigMap, for
 * reads and appends alike: never an empty history, never a silently dropped pin.
 *
 * <pre>{@code
 * HistoryStore history = new HistoryStore(client, "plumbline-system");
 * history.append(SyncRecord.of("production", sha, Trigger.WEBHOOK, started, Instant.now(), SyncResult.SUCCEEDED,
 *         Map.of("created", 0, "configured", 1, "unchanged", 10, "pruned", 0, "failed", 0))
 *         .withHealth("Healthy", ""));
 * new EnvironmentStateStore(client, "plumbline-system").update("production", c -> c.withPinnedRevision(sha));
 * }</pre>
 */
package dev.plumbline.history;
