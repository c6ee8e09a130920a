package dev.plumbline.schedule.leader;

import dev.plumbline.config.AgentConfig;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * How this agent takes part in leader election ({@code plumbline.leader-election.*}).
 *
 * @param enabled        off: this agent is always the leader (one replica)
 * @param leaseName      the {@code coordination.k8s.io/v1} Lease's name
 * @param leaseNamespace where the Lease lives (default: the state namespace)
 * @param leaseDuration  how long a Lease that is not renewed keeps others from taking over
 * @param renewDeadline  how long the leader keeps writing without a successful renewal; must be below
 *                       {@code leaseDuration}, so it stops before anyone else may start
 * @param retryPeriod    how often candidates try to acquire and the leader renews
 * @param identity       this agent's name in the Lease's {@code holderIdentity}
 */
public record ElectionOptions(boolean enabled, String leaseName, String leaseNamespace, Duration leaseDuration,
                              Duration renewDeadline, Duration retryPeriod, String identity) {

    /** Fabric8's (and client-go's) jitter on the retry period: a renewal may come this much later. */
    static final double RETRY_JITTER = 1.2;

    public ElectionOptions {
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(leaseNamespace, "leaseNamespace");
        Objects.requireNonNull(identity, "identity");
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("plumbline.leader-election.lease-duration (" + leaseDuration
                    + ") must be greater than renew-deadline (" + renewDeadline + ")");
        }
        if (renewDeadline.toMillis() <= Math.ceil(retryPeriod.toMillis() * RETRY_JITTER)) {
            throw new IllegalArgumentException("plumbline.leader-election.renew-deadline (" + renewDeadline
                    + ") must be greater than 1.2 × retry-period (" + retryPeriod + ")");
        }
    }

    public static ElectionOptions defaults() {
        return new ElectionOptions(false, "plumbline", "plumbline-system", Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2), identity(null, System.getenv()));
    }

    /** From configuration; the Lease namespace defaults to the state namespace, the identity to {@code POD_NAME}. */
    public static ElectionOptions of(AgentConfig.LeaderElection c, String stateNamespace) {
        String ns = c.getLeaseNamespace() == null || c.getLeaseNamespace().isBlank() ? stateNamespace : c.getLeaseNamespace();
        return new ElectionOptions(c.isEnabled(), c.getLeaseName(), ns, c.getLeaseDuration(), c.getRenewDeadline(),
                c.getRetryPeriod(), identity(c.getIdentity(), System.getenv()));
    }

    public ElectionOptions withEnabled(boolean value) {
        return new ElectionOptions(value, leaseName, leaseNamespace, leaseDuration, renewDeadline, retryPeriod, identity);
    }

    public ElectionOptions withIdentity(String value) {
        return new ElectionOptions(enabled, leaseName, leaseNamespace, leaseDuration, renewDeadline, retryPeriod, value);
    }

    /**
     * The configured identity, else {@code POD_NAME} (unique per pod, and readable in {@code kubectl get lease}), else
     * the hostname plus a random suffix: two agents on one machine must never share an identity, or both would
     * believe they hold the Lease.
     */
    static String identity(String configured, Map<String, String> env) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String pod = env.get("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "plumbline";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** {@code namespace/name}, for log lines and the API. */
    public String lease() {
        return leaseNamespace + "/" + leaseName;
    }
}
