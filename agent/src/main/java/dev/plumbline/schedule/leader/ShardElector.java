package dev.plumbline.schedule.leader;

import dev.plumbline.reconcile.Agent;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sharding's loops, every retry period, through the watch client (Lease traffic is not a reconcile call): one thread
 * renews this replica's membership Lease; the other lists the membership Leases (who is alive) and the environment Leases (who holds what);
 * then per environment, the member rendezvous hashing picks ({@link Rendezvous}) takes it when its Lease is free or its
 * holder's membership lapsed, and a holder that is no longer the pick (a replica joined) releases it once no cycle of
 * it runs. Steady state: one update and two LISTs per retry period, whatever the number of environments. Feeds
 * {@link Shards}. {@link #close()} releases everything, so others take over within one retry period.
 */
@Context
@Requires(property = "plumbline.ha.mode", value = "sharded")
public class ShardElector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShardElector.class);
    /** A membership Lease unchanged this many lease durations belongs to a replica long gone: it is deleted. */
    private static final int GONE_AFTER = 10;

    private final Shards shards;
    private final List<String> environments;
    private final ShardLeases leases;
    private final Members members;
    private final Members legacy;
    private final ScheduledExecutorService loop;
    private final ScheduledExecutorService renewer;
    private volatile Lease membership;
    private volatile boolean closed;
    private boolean leaderSeenGone;
    private Boolean leaderAliveThisRound;

    public ShardElector(Agent agent, Shards shards) {
        this.shards = shards;
        this.environments = agent.environments();
        ElectionOptions o = shards.options();
        KubernetesClient client = agent.active().map(r -> r.cluster().watchClient()).orElse(null);
        this.leases = client == null ? null : new ShardLeases(client, o);
        this.members = new Members(o.leaseDuration().toNanos());
        this.legacy = new Members(o.leaseDuration().toNanos());
        this.loop = daemon("plumbline-shards");
        this.renewer = daemon("plumbline-membership");
        if (leases == null) {
            LOG.info("sharding: no repository configured, not joining");
            return;
        }
        LOG.info("sharding: {} joining as a member (Leases {}/{}-*) for {}", o.identity(), o.leaseNamespace(), o.leaseName(),
                environments);
        // The membership renewal has a thread of its own: slow LISTs or many takes must not let it lapse.
        renewer.scheduleWithFixedDelay(this::renew, 0, o.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(this::tick, o.retryPeriod().toMillis() / 2, o.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private void renew() {
        try {
            renewMembership();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("sharding: {} membership renewal failed: {}", shards.identity(), e.toString());
            }
        }
    }

    private void tick() {
        try {
            leaderAliveThisRound = null;
            long now = System.nanoTime();
            List<Lease> listed = leases.list(ShardLeases.MEMBER);
            members.observe(listed, now);
            Set<String> live = members.alive(now);
            if (shards.fresh() && !shards.shuttingDown()) {
                live.add(shards.identity());
            } else {
                live.remove(shards.identity());
            }
            shards.members(List.copyOf(live));
            Map<String, Lease> byEnvironment = new HashMap<>();
            leases.list(ShardLeases.ENVIRONMENT).forEach(l -> byEnvironment.put(ShardLeases.key(l), l));
            for (String env : environments) {
                step(env, byEnvironment.get(env), Rendezvous.owner(env, live).orElse(null), now);
            }
            collect(listed, now);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("sharding: {} Lease round failed: {}", shards.identity(), e.toString());
            }
        }
    }

    private void renewMembership() {
        long started = System.nanoTime();
        String id = shards.identity();
        Lease current = membership;
        Lease renewed = current == null ? null : leases.swap(current, id);
        if (renewed == null) {
            String name = ShardLeases.memberLease(shards.options().leaseName(), id);
            renewed = leases.create(ShardLeases.MEMBER, name, id, id);
            if (renewed == null) { // it exists (a restart with the same identity, or our swap lost a race): take it over
                Lease existing = leases.list(ShardLeases.MEMBER).stream()
                        .filter(l -> name.equals(l.getMetadata().getName())).findFirst().orElse(null);
                renewed = existing == null ? null : leases.swap(existing, id);
            }
        }
        membership = renewed;
        if (renewed != null) {
            shards.renewed(started);
        }
    }

    /** One environment: keep, take, release or leave it. */
    private void step(String env, Lease lease, String pick, long now) {
        String holder = ShardLeases.holder(lease);
        shards.observed(env, holder);
        String me = shards.identity();
        boolean mine = me.equals(pick);
        if (me.equals(holder)) {
            if (!mine) {
                handOver(env, lease, pick);
            } else if (!shards.holds(env) && shards.fresh()) {
                take(env, lease); // confirm it after a lapse of our membership: the swap fails if anyone took it
            }
            return;
        }
        if (!mine || !shards.fresh() || (holder != null && members.alive(holder, now))) {
            return; // not ours, or wait until its holder releases it or lapses
        }
        if (leaderAliveThisRound == null) {
            leaderAliveThisRound = leaderAlive(now);
        }
        if (leaderAliveThisRound) {
            return;
        }
        if (holder != null) {
            LOG.info("sharding: {} takes environment {} from {} (membership not renewed for its lease duration)", me, env, holder);
        }
        take(env, lease);
    }

    private void take(String env, Lease lease) {
        Lease written = lease == null
                ? leases.create(ShardLeases.ENVIRONMENT, ShardLeases.environmentLease(shards.options().leaseName(), env), env, shards.identity())
                : leases.swap(lease, shards.identity());
        if (written != null) {
            shards.acquired(env);
        }
    }

    /**
     * Switching from one leader to sharding is a rolling update: old pods still lead through the single Lease of the
     * same name and write every environment. Nothing is taken while that Lease's holder is alive (judged as a member's
     * is); once it was seen released or lapsed, it is not read again.
     */
    private boolean leaderAlive(long now) {
        if (leaderSeenGone) {
            return false;
        }
        Lease leader = leases.leaderLease();
        String holder = ShardLeases.holder(leader);
        if (holder == null) {
            leaderSeenGone = true;
            return false;
        }
        legacy.observe(List.of(withKey(leader, holder)), now);
        if (legacy.alive(holder, now)) {
            LOG.info("sharding: waiting for the single leader {} (Lease {}) to step down before taking environments", holder,
                    leader.getMetadata().getName());
            return true;
        }
        leaderSeenGone = true;
        return false;
    }

    private static Lease withKey(Lease lease, String key) {
        return new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder(lease).editMetadata()
                .addToAnnotations(ShardLeases.KEY, key).endMetadata().build();
    }

    /** Releases {@code env} between two of its cycles: the gate closes first, then the Lease is emptied. */
    private void handOver(String env, Lease lease, String pick) {
        ReentrantLock cycle = shards.cycleLock(env);
        if (!cycle.tryLock()) {
            return; // a cycle runs: the next round tries again
        }
        try {
            shards.lost(env, null);
            if (leases.swap(lease, null) != null) {
                LOG.info("sharding: {} hands environment {} over to {}", shards.identity(), env, pick == null ? "nobody" : pick);
            }
        } finally {
            cycle.unlock();
        }
    }

    /** Deletes membership Leases of replicas long gone (each rollout leaves its old pods' behind). */
    private void collect(List<Lease> listed, long now) {
        for (Lease l : listed) {
            String id = ShardLeases.key(l);
            if (id != null && !id.equals(shards.identity()) && members.longGone(id, now, GONE_AFTER)) {
                leases.delete(l);
                members.forget(id);
            }
        }
    }

    /**
     * As a killed process would: stops renewing and releases nothing, so this replica's environments pass to others
     * only when its membership lapses. For tests that kill a replica in the middle of a sync.
     */
    public void halt() {
        closed = true;
        renewer.shutdownNow();
        loop.shutdownNow();
    }

    /** Stops the loop, then releases every environment this replica holds and its membership (the schedule calls it last). */
    @PreDestroy
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shards.shutdown("the agent is shutting down");
        loop.shutdownNow();
        renewer.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
            renewer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (leases == null) {
            return;
        }
        try {
            for (Lease l : leases.list(ShardLeases.ENVIRONMENT)) {
                if (shards.identity().equals(ShardLeases.holder(l))) {
                    shards.lost(ShardLeases.key(l), null);
                    leases.swap(l, null);
                }
            }
            Lease m = membership;
            if (m != null) {
                leases.swap(m, null);
            }
            LOG.info("sharding: {} left, its environments released", shards.identity());
        } catch (RuntimeException e) {
            LOG.warn("sharding: {} release on shutdown failed (others take over after the lease duration): {}",
                    shards.identity(), e.toString());
        }
    }
}
