package dev.plumbline.testing;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.controlplane.SimulatorOptions;
import dev.plumbline.controlplane.WorkloadSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A started control plane with its admin client and workload simulator. Kept in a JUnit store, which closes it
 * (simulator, client, then the processes) when its scope ends: the whole run for the shared one, the class for a
 * {@link DedicatedControlPlane}. The control plane's own shutdown hook covers a JVM that never gets that far.
 */
final class TestEnvironment implements AutoCloseable {

    private final LocalControlPlane controlPlane;
    private final KubernetesClient client;
    private final WorkloadSimulator simulator;

    private TestEnvironment(LocalControlPlane controlPlane) {
        this.controlPlane = controlPlane;
        this.client = controlPlane.newClient();
        this.simulator = WorkloadSimulator.started(client,
                SimulatorOptions.defaults().withKubelet(controlPlane.options().controllerManager()));
    }

    static TestEnvironment start(ControlPlaneOptions options) {
        LocalControlPlane controlPlane = LocalControlPlane.started(options);
        try {
            return new TestEnvironment(controlPlane);
        } catch (RuntimeException e) {
            controlPlane.close();
            throw e;
        }
    }

    LocalControlPlane controlPlane() {
        return controlPlane;
    }

    KubernetesClient client() {
        return client;
    }

    WorkloadSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        simulator.close();
        client.close();
        controlPlane.close();
    }
}
