/**
 * The engine: the one place that reads and writes the live objects of an environment, behind one façade split by
 * verb, like flux's {@code ssa} manager ({@code manager_diff.go}, {@code manager_apply.go}, {@code manager_delete.go},
 * {@code manager_wait.go}). {@code sync} and {@code reconcile} call {@link dev.plumbline.engine.Engine} only; the
 * pure parts it builds on are {@code diff} (comparison, data) and {@code kube} (object helpers).
 *
 * <h2>Verbs</h2>
 * <ul>
 *   <li><b>diff</b> ({@code Differ}, with {@code DryRun} and the {@code VerdictCache}): a forced server-side-apply
 *       dry-run of the desired object, compared by {@code diff.Comparison} with the live object at the same
 *       resourceVersion; verdicts cached by (desired hash, live resourceVersion). A 404 is Missing, a 400/422 an
 *       Error verdict (cached), only an unreachable server throws {@link dev.plumbline.engine.DiffException}.</li>
 *   <li><b>apply</b> ({@code Applier}, {@code FieldOwnership}): forced server-side apply as Plumbline's field
 *       manager, ignored fields at their live value, client-side ownership migrated, delete + re-create on an
 *       immutable field with {@code plumbline.dev/replace: "true"}. The answer is remembered as the object's InSync
 *       verdict, so the check after a sync costs no dry-run. Result: {@link dev.plumbline.engine.Applied}.</li>
 *   <li><b>prune</b> ({@code Pruner}, {@code PruneIdentity}, {@code NamespaceContents}): delete one inventory object
 *       if it is still the one Plumbline applied and no guard says no; a GET confirms. The verdict is forgotten.
 *       Result: {@link dev.plumbline.engine.Pruned}.</li>
 *   <li><b>wait</b> ({@code HealthWait}, {@code Crds}, {@code Polling}): until a wave's objects are healthy (CRDs:
 *       Established and served), one GET per object per look. Result: empty, or the first
 *       {@link dev.plumbline.engine.Unready} object.</li>
 * </ul>
 * The verdict cache is private: diff fills it, apply and prune update it; outside, a watch event is checked with
 * {@link dev.plumbline.engine.Engine#judgedInSync} ("is this resourceVersion the echo of our own apply, or a write
 * that changed only the status of an object judged InSync?", the latter by the watch cache's copy). One engine per
 * connection: an environment whose limits name a ServiceAccount gets an engine on the impersonating connection.
 * Across restarts (decision 0047), {@link dev.plumbline.engine.Engine#remembered} hands out the InSync verdicts this run
 * confirmed, as an {@link dev.plumbline.inventory.VerdictRecord} keeps them, and
 * {@link dev.plumbline.engine.Engine#seed} takes a persisted record up under the same
 * {@link dev.plumbline.engine.Engine#basis basis}: a seeded verdict answers only for the same desired object and the
 * same live uid, content and field ownership ({@code diff.DesiredHash#claim}), and is no watch echo until it did.
 * Per-object outcomes are data; infrastructure failures are {@link dev.plumbline.engine.EngineException}s.
 * {@link dev.plumbline.engine.LiveObjects} is how the engine (and the sync) read an environment's live objects: from
 * its watch cache, else one GET.
 *
 * <h2>Example</h2>
 * <pre>{@code
 * Engine engine = new Engine(connection.reconcileClient(), discovery, DiffOptions.defaults());
 * DriftEntry verdict = engine.diff(new DesiredInput(key, "apps/v1", body), liveOrNull, ignoreDifferences, "production");
 * Applied applied = engine.apply(object, verdict, new ApplyRequest("production", ignoreDifferences, "plumbline",
 *         false, Duration.ofMinutes(5), LiveObjects.cached(liveCache, discovery), Set.of()));
 * Optional<Unready> unready = engine.await(List.of(applied.answer()), HealthChecks.defaults(), Duration.ofMinutes(5),
 *         (k, status) -> log.info("waiting for {}: {}", k, status));
 * Pruned pruned = engine.prune(inventoryEntry, new PruneRequest("production", restrictions, "plumbline", false));
 * }</pre>
 * What the verbs see and answer, for one Deployment:
 * <pre>{@code
 * # desired (Git, stamped)                  # diff: Modified, spec.replicas 3 vs 5 (changedBy kubectl-scale)
 * apiVersion: apps/v1                       # apply: Applied{result: CONFIGURED, takenFrom: [kubectl-scale]}
 * kind: Deployment                          # wait: empty once status.updatedReplicas == 3 ...
 * metadata: {name: api, namespace: shop, labels: {plumbline.dev/environment: production}}
 * spec: {replicas: 3}
 * }</pre>
 */
package dev.plumbline.engine;
