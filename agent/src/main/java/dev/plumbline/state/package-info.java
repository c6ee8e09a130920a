/**
 * Plumbline's own state in the cluster: the state namespace (default {@code plumbline-system}, created when first
 * written to), the labels every state object carries, and the rule for environment names, which are part of state
 * object names and label values. The inventory ({@code inventory}), the sync history and the gate state
 * ({@code history}) are stored through it; {@code sync} reads the labels so that a state object is never pruned.
 * {@link dev.plumbline.state.StateDocuments} is the encoding they share: gzip-compressed JSON whose
 * {@code formatVersion} is checked before its shape.
 *
 * <p>State objects are labelled as Plumbline's and for which environment, and deliberately never carry
 * {@code plumbline.dev/environment}, so no environment's watch cache or prune ever sees them:
 * <pre>{@code
 * apiVersion: v1
 * kind: ConfigMap
 * metadata:
 *   name: plumbline-history-production
 *   namespace: plumbline-system
 *   labels:
 *     app.kubernetes.io/managed-by: plumbline
 *     plumbline.dev/state: history          # or control, inventory
 *     plumbline.dev/state-of: production
 * }</pre>
 */
package dev.plumbline.state;
