/**
 * The orchestrator: one {@link dev.plumbline.reconcile.Reconciler} per agent (or per CLI run) that reads like the
 * script it is, for each environment:
 *
 * <pre>
 * source → render → live → diff → report                      (check)
 * head → target (Gate: cycle; ManualSync: sync) → render → diff
 *        ↳ when the run says so: apply → prune → health → record → diff → report   (cycle, sync: one pipeline)
 * </pre>
 *
 * <p>Parts: {@link dev.plumbline.reconcile.Gate} chooses the target (approval gate, pin, a manual sync's revision)
 * and reads a head's policy from its {@code plumbline.yaml} alone; {@link dev.plumbline.reconcile.Target} is one run
 * with its target chosen; {@link dev.plumbline.reconcile.Renders} renders a revision once and keeps it;
 * {@link dev.plumbline.reconcile.DriftCheck} diffs; {@link dev.plumbline.reconcile.Convergence} syncs and records;
 * {@link dev.plumbline.reconcile.Reports} makes every run's report (diffed, finished with the gate, or the last good
 * one kept on a failure); {@link dev.plumbline.reconcile.Checks} answers what is asked without converging (a drift
 * check, a status, which environments a push affects);
 * {@link dev.plumbline.reconcile.EnvironmentState} is what is remembered per environment, changed only through
 * intent-named transitions; {@link dev.plumbline.reconcile.Environments} wires each environment's parts.
 *
 * <p>{@link dev.plumbline.reconcile.SyncDecision} holds the rules for when a cycle converges: the approval gate
 * ({@code sync.auto: false}), a rollback pin, {@code selfHeal}, {@code suspend}. The gate is decided by what was
 * approved ({@link dev.plumbline.reconcile.ApprovedPolicy}: the last applied revision's policy, under the operator's
 * limits), never by the unapproved head's own; a head loosening a gate key waits for an approval naming it. A
 * {@code promotion: {after: staging, soak: 10m}} holds a new head until {@link dev.plumbline.reconcile.Soak} says
 * staging (same source) ran it Synced and Healthy that long, judged by {@link dev.plumbline.reconcile.Promotions}
 * from staging's persisted state; an approval given before then is recorded and applied by the cycle that finds the
 * soak over. With {@code sync.rollbackOnDegraded} a new revision that turns Degraded within {@code waitTimeout} is
 * recorded failed, marked (not retried until a new commit or a sync naming it) and the last applied revision is
 * re-applied (trigger rollback; {@link dev.plumbline.reconcile.RolloutControl}, which also lists, promotes and aborts
 * rollouts on request). A failed fetch or render never
 * reaches the cluster: the last good {@link dev.plumbline.reconcile.EnvironmentReport} stays, marked stale, with the
 * error and its {@code file:line} problems. Per environment the agent keeps in memory what makes a steady-state cycle
 * cost zero API calls: the watch cache, the inventory it last read or wrote, recent renders, the gate state. The
 * inventory is read once and then kept: a sync starts from it and hands back what it wrote.
 * One cycle or sync per environment runs at a time, whoever asks.
 *
 * <p>Ownership: the reconciler's source ({@link dev.plumbline.reconcile.RevisionSource#location()}, normalized, plus
 * {@link dev.plumbline.reconcile.ReconcilerOptions#instance()}) must own the environment. If the inventory names
 * another owner, the report's status is {@code Conflict} and its {@code error} names both sources; a cycle then
 * compares, marks, applies and prunes nothing, and a sync approves and pins nothing and returns the ChangeSet's
 * conflict.
 *
 * <p>Identity: with {@code service-account} in an environment's operator limits, its cache, diffs, applies, prunes,
 * health reads and Events go through a connection impersonating that ServiceAccount (resolved against the state
 * namespace, never a namespace Git names); what its RBAC forbids is an Error verdict. The agent's own state (inventory,
 * history, gate state) and discovery stay on the agent's identity.
 *
 * <p>Before anything is compared or applied, {@link dev.plumbline.render.DesiredObjects#prepare} stamps the
 * tracking labels and fills {@code protocol: TCP} into ports that name none (Kubernetes before 1.21 rejects such a
 * server-side apply with a 500).
 *
 * <pre>{@code
 * Reconciler r = new Reconciler(connection, new GitRevisionSource(git), ReconcilerOptions.defaults(), registry);
 * EnvironmentReport report = r.cycle("staging", Trigger.POLL);          // converges per policy
 * SyncOutcome approved = r.sync("production", new ManualSync("4f1c2ab", false, null, false, false, null));
 * }</pre>
 */
package dev.plumbline.reconcile;
