package dev.plumbline.testing;

import java.nio.file.Path;

import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.controlplane.WorkloadSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What one test gets from {@link KubernetesExtension}: an admin client of a real API server, two fresh namespaces
 * of its own (created before the test, deleted after it), and the control plane and status simulator behind them.
 *
 * @param client         admin client (group {@code system:masters}); shared, do not close it
 * @param namespace      this test's namespace, for the objects under test
 * @param stateNamespace this test's second namespace ({@code <namespace>-state}), for Plumbline's own state
 */
public record TestCluster(LocalControlPlane controlPlane, KubernetesClient client, WorkloadSimulator simulator,
                          String namespace, String stateNamespace) {

    public Path kubeconfigPath() {
        return controlPlane.kubeconfigPath();
    }

    /** A new client acting as {@code user}, e.g. {@code plumbline-limited} (no groups); the caller closes it. */
    public KubernetesClient newClient(String user) {
        return controlPlane.newClient(user);
    }
}
