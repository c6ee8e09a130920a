package dev.plumbline.schedule.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;

/**
 * The Lease lock, telling {@link Leadership} when this agent's own create or renewal succeeded. The time taken is the
 * moment the request started: the renewTime it wrote is no later, so the fence never outlasts the Lease.
 */
final class FencedLock implements Lock {

    private final Lock delegate;
    private final Leadership leadership;

    FencedLock(Lock delegate, Leadership leadership) {
        this.delegate = delegate;
        this.leadership = leadership;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        long started = System.nanoTime();
        delegate.create(client, record);
        fence(record, started);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        long started = System.nanoTime();
        delegate.update(client, record);
        fence(record, started);
    }

    private void fence(LeaderElectionRecord record, long started) {
        if (identity().equals(record.getHolderIdentity())) {
            leadership.renewed(started);
        }
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }
}
