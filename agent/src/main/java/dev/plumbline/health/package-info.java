/**
 * Health: is each live object doing what its spec asks, in Argo CD's words — {@code Healthy}, {@code Suspended},
 * {@code Progressing}, {@code Missing}, {@code Unknown}, {@code Degraded} (declared best to worst). An environment's
 * health is the worst of its objects' ({@link dev.plumbline.health.HealthChecks#worst}); an empty one is Healthy.
 *
 * <p>Semantics. {@link dev.plumbline.health.HealthChecks#defaults()} dispatches by (group, kind), any version, to one
 * class per kind; rollout kinds follow {@code kubectl rollout status}, the rest Argo CD and kstatus:
 * <ul>
 *   <li>every kind: no object is Missing; a {@code deletionTimestamp} is Progressing ("being deleted": pruning, not a
 *       failure); a status of the wrong shape is Unknown, naming the field;</li>
 *   <li>Deployment: {@code spec.paused} Suspended; {@code observedGeneration < generation} Progressing ("waiting for
 *       rollout to be observed"); Progressing condition reason {@code ProgressDeadlineExceeded} Degraded; then
 *       Progressing while updated &lt; desired, old replicas remain, or available &lt; updated;</li>
 *   <li>StatefulSet: observed, all replicas ready, update revision rolled out (or the partition); DaemonSet: observed,
 *       every scheduled node's Pod updated and available; ReplicaSet: {@code ReplicaFailure} Degraded, else
 *       available replicas;</li>
 *   <li>Job: {@code Failed} Degraded, {@code Complete} Healthy, suspended Suspended, else Progressing (Jobs have no
 *       {@code metadata.generation} on 1.20); CronJob: suspended Suspended, else Healthy;</li>
 *   <li>Pod: a container stuck in {@code ImagePullBackOff}/{@code CrashLoopBackOff}/... Degraded, then by phase;
 *       PersistentVolumeClaim: Bound / Pending / Lost; Service: a LoadBalancer waits for an address; Ingress waits
 *       for {@code status.loadBalancer.ingress}; HPA ({@code v1} annotation, {@code v2beta2}, {@code v2}):
 *       {@code AbleToScale}/{@code ScalingActive} False Degraded, {@code ScalingDisabled} Suspended; PDB: observed,
 *       then {@code currentHealthy >= desiredHealthy}; CRD: {@code Established}, names rejected Degraded;</li>
 *   <li>any other kind ({@link dev.plumbline.health.ConditionsHealth}): no status or no conditions is Healthy
 *       (ConfigMap, Secret, RBAC); a lagging {@code status.observedGeneration} Progressing; {@code Stalled=True}
 *       Degraded; {@code Reconciling=True} Progressing; {@code Ready} (else {@code Available}) True Healthy, Unknown
 *       Progressing, False Degraded unless its reason says work is under way ({@code Progressing}, {@code Pending},
 *       ...).</li>
 * </ul>
 * Counts the API server omits ({@code omitempty}) read as 0. Messages name why, not who: callers prefix the object,
 * as {@link dev.plumbline.health.HealthSummary} does ({@code Kind/namespace/name: Code: message}).
 *
 * <p>Example: this Deployment is {@code Progressing: 1 of 3 updated replicas are available}.
 * <pre>{@code
 * apiVersion: apps/v1
 * kind: Deployment
 * metadata: {name: orders-api, namespace: shop, generation: 2}
 * spec: {replicas: 3}
 * status: {observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1}
 * }</pre>
 * <pre>{@code
 * HealthChecks checks = HealthChecks.defaults();
 * HealthStatus status = checks.assess(client.genericKubernetesResources("apps/v1", "Deployment")
 *         .inNamespace("shop").withName("orders-api").get());   // null (not found) -> Missing
 * }</pre>
 */
package dev.plumbline.health;
