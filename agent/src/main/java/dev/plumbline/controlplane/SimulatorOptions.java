package dev.plumbline.controlplane;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WorkloadSimulator} behaves.
 *
 * @param namespace {@code null}: watch every namespace; else only this one
 * @param minDelay  shortest pause between seeing a rollout and marking it done
 * @param maxDelay  longest such pause; the actual one is uniform in between, so a rollout takes a little while
 *                  as on a real cluster and callers cannot rely on instant status
 * @param kubelet   a real kube-controller-manager runs: simulate only what a kubelet would write (Pod status), and
 *                  leave workload status to the controllers ({@link KubeletSimulator})
 */
public record SimulatorOptions(String namespace, Duration minDelay, Duration maxDelay, boolean kubelet) {

    public SimulatorOptions {
        Objects.requireNonNull(minDelay, "minDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxDelay.compareTo(minDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than minDelay " + minDelay);
        }
    }

    public static SimulatorOptions defaults() {
        return new SimulatorOptions(null, Duration.ZERO, Duration.ofMillis(200), false);
    }

    public SimulatorOptions withNamespace(String ns) {
        return new SimulatorOptions(ns, minDelay, maxDelay, kubelet);
    }

    public SimulatorOptions withDelay(Duration min, Duration max) {
        return new SimulatorOptions(namespace, min, max, kubelet);
    }

    public SimulatorOptions withKubelet(boolean kubeletOnly) {
        return new SimulatorOptions(namespace, minDelay, maxDelay, kubeletOnly);
    }
}
