/**
 * Sync: converge one environment with staged server-side apply and guarded pruning. The result is a
 * {@link dev.plumbline.sync.ChangeSet}: one action per object; per-object refusals are data, only an unreachable API
 * server throws.
 *
 * <p>This package is the orchestration: plan, guards, inventory writes, waves, the summary Event, the ChangeSet. Every read and
 * write of the environment's live objects goes through the {@link dev.plumbline.engine.Engine} façade (its verbs
 * diff, apply, prune, wait); nothing here touches the verdict cache.
 *
 * <h2>The call</h2>
 * <pre>{@code
 * Engine engine = new Engine(cluster.reconcileClient(), discovery, DiffOptions.defaults()); // one per connection
 * SyncEngine sync = new SyncEngine(engine, LiveObjects.cached(liveCache, discovery), inventoryStore, healthCheck);
 * ChangeSet changes = sync.sync(new SyncRequest(env, state.revision(), Tracking.stamp(state).objects(), policy,
 *         SyncOptions.defaults().withListener(SyncListener.lines(out::println)), verdictsOfThisCycle));
 * }</pre>
 *
 * <h2>Order ({@link dev.plumbline.sync.SyncPlan}, pure)</h2>
 * Objects whose verdict is {@code InSync} are {@code unchanged} and never applied (no API call, no resourceVersion
 * change); {@code Conflict} (another environment's or tool's object, not adopted) is {@code skipped}; everything else
 * is applied, in steps (objects marked {@code plumbline.dev/ignore: "true"} are {@code skipped}, stay in the
 * inventory if they were there, and are never pruned while in Git: pass all rendered objects, not only
 * {@code DesiredState.managed()}): Namespaces, then CRDs (waiting until Established and served); cluster-scoped RBAC; then each
 * {@code plumbline.dev/sync-wave} (integer, default 0, ascending; foundation kinds ignore it) in kind-group order:
 * NetworkPolicy/ResourceQuota/LimitRange/PDB, ServiceAccount, ConfigMap/Secret, Role/RoleBinding, storage, Service,
 * workloads, other kinds, Ingress. Objects of one step are applied in parallel ({@code parallelism}, default 8).
 * When a wave ends and another follows, the wave must have no failed object and become healthy within
 * {@code waitTimeout} (Progressing waits, Degraded fails); otherwise every later object is {@code skipped}
 * ("not applied: wave 2 (sync-wave 0) did not become healthy: ...") and the unhealthy one is {@code failed}.
 *
 * <h2>Apply (the engine's apply verb)</h2>
 * Forced server-side apply as field manager {@code plumbline}. {@code ignoreDifferences} fields are sent at their
 * live value (dropping them would reset them). {@code takenFrom} lists the managers the diff attributed the changed
 * fields to (managedFields; best effort). Objects carrying client-side ownership ({@code kubectl-client-side-apply},
 * {@code before-first-apply}, {@code kubectl-create}) have it migrated to {@code plumbline} and are applied once more,
 * so fields removed from Git are removed ({@code engine.FieldOwnership}). A 422 on an immutable field
 * is {@code failed} with the server's message, or, with {@code plumbline.dev/replace: "true"}, the object is deleted,
 * awaited and {@code created} again. A dry run uses server-side dry-run and writes nothing.
 *
 * <h2>Ownership</h2>
 * An environment belongs to one source ({@link dev.plumbline.inventory.Owner}: normalized repository URL plus
 * {@code plumbline.instance}, given as {@code SyncOptions.owner}). If the inventory names another owner, the sync
 * stops before any diff or write: every desired object is {@code skipped} ("not applied: another source owns
 * environment e"), {@code conflict} names both sources and {@code guard} holds its message, so {@code failed} is true
 * (the CLI exits 2). An unclaimed inventory is claimed by the intent write below, compare-and-swap: a source that
 * loses that race gets the conflict too.
 *
 * <h2>Inventory and prune</h2>
 * Every object to apply (and every unchanged one) enters the inventory in one write before the first apply; a sync
 * killed after that write leaves entries whose objects may not exist, which the next sync applies or, once out of
 * Git, finds gone ("already gone") and removes. One more write after the sync records the UID each apply answered
 * with (and drops what was pruned or released); nothing new, no write. Prune candidates are inventory entries no
 * longer in Git, and only while they are still the object Plumbline applied (the engine's prune verb,
 * {@code engine.PruneIdentity}):
 * same UID, still labelled {@code plumbline.dev/environment: <env>}, inside the current {@code restrictions};
 * otherwise {@code skipped} ("not pruned: UID changed: re-created by someone else", "not pruned: no longer labelled
 * plumbline.dev/environment=e", "not pruned: outside restrictions.namespaces [app]") and released from the inventory,
 * never to be a candidate again. An entry without a UID (an earlier release's inventory, or intent whose apply never
 * answered) counts as Plumbline's only if the object carries our labels and managedFields show {@code plumbline}
 * with operation Apply. Candidates are deleted in
 * reverse order with background propagation; an entry leaves the inventory only when a GET confirms the deletion, an
 * object with a {@code deletionTimestamp} is {@code pruning}. Never pruned: anything, when the render is empty and
 * {@code allowEmpty} is off, or when more than {@code maxPrunePercent} of the inventory <em>and</em> more than
 * {@code maxPruneCount} objects would go without {@code confirmPrune} (the sync stops before any write:
 * {@code guard}); anything, when pruning is off or an apply failed; objects with {@code plumbline.dev/prune:
 * disabled}, {@code plumbline.dev/ignore: "true"}, a controller ownerReference, Plumbline's state label; a Namespace holding anything but the per-namespace defaults and this environment's objects
 * being deleted. Objects that merely carry the environment label are never candidates.
 *
 * <h2>The summary Event</h2>
 * One Kubernetes Event per sync, on the environment's inventory head in the state namespace ({@code kubectl describe
 * configmap -n plumbline-system plumbline-inventory-<env>}), written on the store's identity after the sync, best
 * effort ({@code SyncSummary}): {@code Synced} (Normal) with the count per action, {@code SyncFailed} (Warning) naming
 * the first failures by {@code Kind/ns/name}, {@code SyncStopped} (Warning) with the guard's or the ownership
 * conflict's message. None in a dry run, none for a sync that changed and failed nothing. No Event is written on the
 * objects themselves: one per object doubled a cold sync's requests; what each object got is in the ChangeSet.
 *
 * <h2>Example ChangeSet</h2>
 * <pre>{@code
 * {"environment": "production", "revision": "3f2a9c1", "dryRun": false, "guard": null, "conflict": null, "failed": true,
 *  "summary": {"configured": 1, "unchanged": 3, "skipped": 1, "failed": 1},
 *  "entries": [
 *   {"apiVersion": "v1", "kind": "Namespace", "namespace": null, "name": "shop", "action": "unchanged", "reason": null, "takenFrom": []},
 *   {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "shop", "name": "settings", "action": "unchanged", "reason": null, "takenFrom": []},
 *   {"apiVersion": "v1", "kind": "Service", "namespace": "shop", "name": "api", "action": "unchanged", "reason": null, "takenFrom": []},
 *   {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "api", "action": "configured",
 *    "reason": null, "takenFrom": ["kubectl-set"]},
 *   {"apiVersion": "batch/v1", "kind": "Job", "namespace": "shop", "name": "migrate", "action": "failed",
 *    "reason": "Job/shop/migrate apply failed: HTTP 422: Job.batch \"migrate\" is invalid: spec.template: Invalid value: ...: field is immutable",
 *    "takenFrom": []},
 *   {"apiVersion": "v1", "kind": "ConfigMap", "namespace": "shop", "name": "old", "action": "skipped",
 *    "reason": "not pruned: the apply had failures", "takenFrom": []}]}
 * }</pre>
 */
package dev.plumbline.sync;
