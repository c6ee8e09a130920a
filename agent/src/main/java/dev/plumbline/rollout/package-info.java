/**
 * Rollouts (issue 14, DESIGN "Progressive delivery"): how a new pod template of a Deployment named under
 * {@code rollouts:} in {@code plumbline.yaml} reaches its pods, step by step, judged by {@code analysis}, rolled back
 * at once when a check fails. No service mesh: traffic follows pod share through the Service unless a
 * {@link dev.plumbline.rollout.TrafficRouter} is configured.
 *
 * <p>Semantics.
 * <ul>
 *   <li>A rollout starts when the revision being synced changes the pod template ({@code spec.template}) of a
 *       rolled-out Deployment that the last applied revision also rendered. A first deployment, or a change that leaves
 *       the template alone (replicas, labels, other objects), is a plain sync.</li>
 *   <li>{@link dev.plumbline.rollout.RolloutStrategy} is what a strategy implements; the pipeline
 *       ({@code reconcile.Rollouts}) persists the {@link dev.plumbline.history.RolloutRecord} before anything is
 *       created, shapes the desired state while the rollout is active (so nothing it changed is drift), looks once
 *       per cycle (never blocking for the interval), and on the verdict syncs the right revision.</li>
 *   <li>{@link dev.plumbline.rollout.Canary}: a Deployment {@code <name>-canary} runs the new template beside the stable
 *       one at each step's pod share ({@link dev.plumbline.rollout.Shares}); after the last step a plain sync gives the
 *       stable Deployment the new template and the canary is deleted, so the live state equals a plain sync.</li>
 *   <li>Analysis ({@link dev.plumbline.rollout.Analyses}): podHealth always (the canary Deployment past its progress
 *       deadline, unready pods or restarts above {@code maxRestarts} fail), prometheus when configured. Inconclusive
 *       pauses the step (phase Paused, with why) and fails after {@code maxInconclusive} looks in a row.</li>
 *   <li>A failed check with {@code autoRollback: true} (the default): the canary is deleted at once (traffic back on
 *       stable), the revision is marked failed in the control state (not retried until a new commit or a sync naming
 *       it), and the stable revision is synced again, recorded with trigger {@code rollback} and the check's words.</li>
 *   <li>The canary carries no environment label: it is never compared, never in the inventory, never pruned; only the
 *       rollout deletes it. A restart reads the records from the cluster and resumes; a finished rollout whose
 *       clean-up did not happen is cleaned up by the next cycle.</li>
 * </ul>
 *
 * <p>Example, in an environment's {@code plumbline.yaml}:
 * <pre>{@code
 * rollouts:
 *   web:
 *     strategy: canary
 *     service: web
 *     steps: [10, 50, 100]
 *     interval: 30s
 *     analysis:
 *       podHealth: {maxRestarts: 0}
 *       maxInconclusive: 3
 *     autoRollback: true
 * }</pre>
 */
package dev.plumbline.rollout;
