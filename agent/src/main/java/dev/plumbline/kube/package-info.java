/**
 * Kubernetes object helpers, pure (no API calls, no state): the bottom floor under {@code render}, {@code live},
 * {@code diff}, {@code health} and {@code engine}, like gitops-engine's {@code pkg/utils/kube} and flux's
 * {@code ssa/normalize}. Depends on {@code resource} and Fabric8's model only.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link dev.plumbline.kube.Normalizer}: an object as a plain map of maps, lists and scalars and back; the
 *       normalized form that a comparison looks at — no {@code status}, none of the metadata the API server writes
 *       on every write ({@code managedFields, resourceVersion, generation, uid, creationTimestamp, selfLink});
 *       deep copies; {@code metadata.<field>} reads of a map.</li>
 *   <li>{@link dev.plumbline.kube.Metadata}: the names of Plumbline's marks — the labels it stamps
 *       ({@code app.kubernetes.io/managed-by}, {@code plumbline.dev/environment}), the annotations it reads
 *       ({@code plumbline.dev/source, ignore, adopt, prune, replace}) — and null-safe label/annotation reads.</li>
 *   <li>{@link dev.plumbline.kube.Live}: typed reads of a live object's untyped fields (counts the API server omits
 *       read as 0, a field of the wrong type throws {@link dev.plumbline.kube.Live.Unreadable}), its
 *       {@code status.conditions}, and whether the controller observed the current generation.</li>
 * </ul>
 *
 * <h2>Example</h2>
 * An applied object, and what the helpers read of it:
 * <pre>{@code
 * apiVersion: apps/v1
 * kind: Deployment
 * metadata:
 *   name: api
 *   namespace: shop
 *   labels:
 *     app.kubernetes.io/managed-by: plumbline   # Metadata.MANAGED_BY_LABEL
 *     plumbline.dev/environment: production     # Metadata.ENVIRONMENT_LABEL
 *   annotations:
 *     plumbline.dev/source: apps/api.yaml       # Metadata.SOURCE_ANNOTATION
 *     plumbline.dev/prune: disabled             # Metadata.PRUNE_ANNOTATION: never pruned
 *   resourceVersion: "4711"                     # removed by Normalizer.normalize
 *   generation: 3
 * spec: {replicas: 3}
 * status:                                       # removed by Normalizer.normalize
 *   observedGeneration: 3                       # new Live(o).observed() == true
 *   conditions:
 *   - {type: Available, status: "True"}         # new Live(o).condition("Available")
 * }</pre>
 */
package dev.plumbline.kube;
