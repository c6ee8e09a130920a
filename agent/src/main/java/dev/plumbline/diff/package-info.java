/**
 * Desired vs live: one verdict per object, with field-level changes and who made them. This package is the pure half
 * (flux's {@code ssa/jsondiff}): the comparison of a dry-run answer with the live object, ignore rules, attribution,
 * Secret masking, the text diff, and the data ({@code DriftEntry}, {@code Verdict}, {@code DesiredInput},
 * {@code DiffOptions}). It makes no API call; the calls and the verdict cache are the engine's diff verb
 * ({@code engine.Engine#diff}).
 *
 * <h2>Verdicts</h2>
 * {@code InSync}, {@code Modified}, {@code Missing} (in Git, not in the cluster), {@code Orphaned} (in the inventory,
 * no longer in Git), {@code Conflict} (the live object is labelled for another environment, or managed by Helm,
 * Argo CD or Flux, and the manifest does not say {@code plumbline.dev/adopt: "true"}), {@code Error} (the API server
 * rejected the comparison, e.g. 422 on an immutable field; the message is the server's).
 * An object annotated {@code plumbline.dev/ignore: "true"} (in Git or live) is reported {@code InSync} with the
 * message {@code ignored (plumbline.dev/ignore: "true")} and never compared.
 *
 * <h2>Exact</h2>
 * The engine's diff verb asks the API server what an apply would produce: a forced server-side-apply
 * dry-run as field manager {@code plumbline}. The answer is compared with the live object <em>at the same
 * resourceVersion</em> (a dry-run answer carries the stored object's resourceVersion; when the watch cache is behind,
 * the object is read once and that is compared instead), after removing {@code status} and server-owned metadata
 * ({@code managedFields, resourceVersion, generation, uid, creationTimestamp, selfLink}). Defaulting,
 * quantities ({@code 1000m} is stored as {@code 1}), int-or-string ports and admission mutation need no code here.
 * Fields that other managers added and Plumbline does not set are kept by the apply, hence no drift; fields
 * Plumbline set and someone changed, or that Git removed, are drift.
 * A 404 from the dry-run (namespace or CRD not there yet) is {@code Missing}; 400/403/409/422/5xx are
 * {@code Error}; only an unreachable server throws the engine's {@code DiffException}. A live object that is
 * absent is {@code Missing} without any call. Kubernetes before 1.21 rejects the apply of a Service port without
 * {@code protocol} (a 500, kubernetes/kubernetes#98576): that is an {@code Error} with the server's message.
 *
 * <h2>Cheap</h2>
 * Verdicts are cached by (object, SHA-256 of the desired object + its ignore rules + environment, live
 * resourceVersion) in a bounded LRU verdict cache private to the engine: a steady-state cycle makes no API call,
 * a watch event costs one dry-run for that object. 400/422 errors are cached (same input, same answer);
 * 403, 404 and 5xx are not. An {@code InSync} verdict also holds at a new resourceVersion whose content (the
 * normalized object) is unchanged, e.g. after a controller's status write, and a sync's apply answers are recorded
 * as {@code InSync} by the engine's apply verb, so the check after a sync needs no dry-run.
 *
 * <h2>Changes</h2>
 * {@code path} is an RFC 6901 pointer into the live object; {@code field} names list items by merge key
 * ({@code containers[name=api]}, {@code ports[containerPort=8080]}, Service {@code ports[port=80]},
 * {@code volumeMounts[mountPath=/data]}, otherwise {@code [3]}) and quotes map keys with dots or slashes
 * ({@code metadata.labels["app.kubernetes.io/name"]}). {@code desired} is the dry-run answer's value,
 * {@code live} the live value, {@code null} when absent. Lists of scalars are one change.
 *
 * <h2>Attribution</h2>
 * From the live object's {@code managedFields}: the managers other than {@code plumbline} owning the changed field,
 * or its closest ancestor owned as a whole; the most recent one is reported. {@code unknown} when nobody else owns
 * it (e.g. a field someone deleted belongs to nobody). Writes through the {@code scale} subresource are recorded only
 * from Kubernetes 1.22. With {@code DiffOptions.conflictProbe}, unknown changes are also looked up in the 409 of a
 * non-forced dry-run (a second call, hence off by default).
 *
 * <h2>Secrets</h2>
 * Values of Secrets (and of ConfigMaps annotated {@code plumbline.dev/sensitive: "true"}), and the
 * {@code last-applied-configuration} annotation on them, are compared and then replaced by markers
 * ({@code (sensitive)}, {@code (sensitive: desired value)}, {@code (sensitive: live value)}); error messages are
 * scrubbed of them.
 *
 * <h2>ignoreDifferences</h2>
 * Paths (JSON pointers or merge-key field paths, {@code *} for any item) are removed from both sides before the
 * comparison; {@code managers} drop every change whose live field those managers own.
 * {@link dev.plumbline.diff.IgnoredFields#keepLive} gives the sync the manifest with those fields at their live value.
 *
 * <h2>Example drift entry</h2>
 * <pre>{@code
 * {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "orders-api",
 *  "status": "Modified",
 *  "changes": [{"path": "/spec/template/spec/containers/0/image",
 *               "field": "spec.template.spec.containers[name=api].image",
 *               "desired": "registry.example.com/orders-api:1.2", "live": "registry.example.com/orders-api:1.3",
 *               "changedBy": {"manager": "kubectl-set", "operation": "Update", "subresource": null,
 *                             "time": "2024-05-02T09:14:03Z"}}],
 *  "changedBy": [{"manager": "kubectl-set", "operation": "Update", "subresource": null,
 *                 "time": "2024-05-02T09:14:03Z"}],
 *  "message": "1 field differs: spec.template.spec.containers[name=api].image"}
 * }</pre>
 * The same as YAML ({@code plumbline diff -o yaml} style):
 * <pre>{@code
 * status: Modified
 * changes:
 * - path: /spec/template/spec/containers/0/image
 *   field: spec.template.spec.containers[name=api].image
 *   desired: registry.example.com/orders-api:1.2
 *   live: registry.example.com/orders-api:1.3
 *   changedBy: {manager: kubectl-set, operation: Update, subresource: null, time: "2024-05-02T09:14:03Z"}
 * }</pre>
 */
package dev.plumbline.diff;
