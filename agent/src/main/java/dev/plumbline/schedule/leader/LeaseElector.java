package dev.plumbline.schedule.leader;

import dev.plumbline.reconcile.Agent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Fabric8's {@link io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector} on a
 * {@code coordination.k8s.io/v1} Lease and feeds {@link Leadership}. Fabric8's elector ends when leadership is lost;
 * this one then stands as a candidate again, so a leader that lost its Lease (a long GC pause, a partition) becomes a
 * follower and may lead again later. Lease traffic goes through the watch client: it is not a reconcile call.
 * {@link #close()} releases the Lease, so a follower takes over within one retry period instead of a lease duration;
 * the schedule calls it only once no cycle runs any more.
 */
@Context
@Requires(property = "plumbline.leader-election.enabled", value = "true")
@Requires(property = LeaderFactory.MODE, notEquals = "sharded")
public class LeaseElector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseElector.class);

    private final Leadership leadership;
    private final KubernetesClient client;
    private volatile CompletableFuture<?> running;
    private volatile boolean closed;

    public LeaseElector(Agent agent, Leadership leadership) {
        this.leadership = leadership;
        this.client = agent.active().map(r -> r.cluster().watchClient()).orElse(null);
        if (client == null) {
            LOG.info("leader election: no repository configured, not standing for Lease {}", leadership.options().lease());
            return;
        }
        LOG.info("leader election: {} standing for Lease {}", leadership.identity(), leadership.options().lease());
        stand();
    }

    private synchronized void stand() {
        if (closed) {
            return;
        }
        ElectionOptions o = leadership.options();
        var config = new LeaderElectionConfigBuilder()
                .withName("plumbline")
                .withLock(new FencedLock(new LeaseLock(o.leaseNamespace(), o.leaseName(), o.identity()), leadership))
                .withLeaseDuration(o.leaseDuration()).withRenewDeadline(o.renewDeadline()).withRetryPeriod(o.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(leadership::acquired, leadership::lost, leadership::observed))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
        running.whenComplete((ok, error) -> {
            leadership.lost();
            if (error != null && !closed) {
                LOG.warn("leader election: Lease {} failed: {}", o.lease(), error.toString());
            }
            // stand again after a pause: Fabric8's elector is single-use
            CompletableFuture.delayedExecutor(o.retryPeriod().toMillis(), TimeUnit.MILLISECONDS).execute(this::stand);
        });
    }

    /** Stops standing and releases the Lease if held (synchronously, through Fabric8's release-on-cancel). */
    @PreDestroy
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = running;
        }
        leadership.lost();
        if (current != null) {
            current.cancel(true);
            LOG.info("leader election: {} left Lease {}", leadership.identity(), leadership.options().lease());
        }
    }
}
