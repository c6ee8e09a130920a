/**
 * A throwaway Kubernetes control plane on this machine, for tests, {@code plumbline demo} and benchmarks; never for
 * production.
 *
 * <p>{@link dev.plumbline.controlplane.LocalControlPlane} runs a real etcd and kube-apiserver (envtest style, 1.20.2 by
 * default) so server-side apply, dry-run, defaulting, managedFields, RBAC and watches behave exactly as on a cluster;
 * mocks do not implement them. Binaries come from {@code $KUBEBUILDER_ASSETS} or the cache that
 * {@code scripts/provision-envtest.sh} fills ({@code ~/.cache/plumbline/envtest/<version>/}). Every listener, etcd's
 * peer port included, binds 127.0.0.1 only; authentication is a static token file (an admin in {@code system:masters}
 * and users without groups, such as {@code plumbline-limited}) plus service-account tokens from the TokenRequest API.
 * Each run keeps its data, logs, credentials, kubeconfig and pid files in {@code runs/<id>/} under the cache, so a
 * restart keeps etcd's data and address, and a later start stops what a crashed JVM left running.
 *
 * <p>No controller-manager, scheduler or kubelet runs: nothing ever creates a Pod, a deleted Namespace stays
 * Terminating, and workload status stays empty unless a {@link dev.plumbline.controlplane.WorkloadSimulator} runs. The
 * simulator writes the status the upstream controllers would write after a finished (or, on request, failed) rollout,
 * through the status subresource with field manager {@code plumbline-workload-simulator}. That status is SIMULATED:
 * it proves how Plumbline reads health, not that a workload runs. Whatever shows it to a person says so.
 *
 * <pre>{@code
 * try (LocalControlPlane plane = LocalControlPlane.started(ControlPlaneOptions.defaults());
 *      KubernetesClient client = plane.newClient();
 *      WorkloadSimulator simulator = WorkloadSimulator.started(client, SimulatorOptions.defaults())) {
 *     simulator.failNext("Deployment", "shop", "payments");   // its next rollout: ProgressDeadlineExceeded
 *     client.resource(deployment).inNamespace("shop").fieldManager("plumbline").forceConflicts().serverSideApply();
 *     // kubectl --kubeconfig <plane.kubeconfigPath()> get deploy -n shop  shows it Available (simulated)
 * }
 * }</pre>
 *
 * The kubeconfig it writes (admin context current; one context per extra user):
 * <pre>{@code
 * clusters:
 * - name: plumbline-local
 *   cluster: {server: https://127.0.0.1:41047, certificate-authority-data: <kube-apiserver's self-signed CA>}
 * users:
 * - name: plumbline-admin          # group system:masters
 *   user: {token: <random>}
 * - name: plumbline-limited        # no groups: RBAC grants nothing until bound
 *   user: {token: <random>}
 * current-context: plumbline-local
 * }</pre>
 */
package dev.plumbline.controlplane;
