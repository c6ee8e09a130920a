package dev.plumbline.schedule.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Who may write which environment, sharded ({@code plumbline.ha.mode: sharded}): the per-environment
 * {@link dev.plumbline.reconcile.WriteGate}. An environment's gate is open only while this agent holds that
 * environment's Lease <em>and</em> renewed its own membership Lease within {@code renew-deadline} (a time fence
 * measured from the start of the last successful renewal: the {@link RenewalFence} {@link Leadership} uses too): an environment Lease has no
 * renewals of its own, it lives as long as its holder's membership (as a Consul lock lives with its session), so a
 * replica that cannot renew stops writing before anyone may take its environments. A renewal after such a lapse does
 * not reopen anything: every environment must be confirmed again on its Lease first. Fed by {@link ShardElector}.
 */
public final class Shards implements Ownership {

    private static final Logger LOG = LoggerFactory.getLogger(Shards.class);

    private final ElectionOptions options;
    private final RenewalFence fence;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> terms = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> cycles = new ConcurrentHashMap<>();
    private final List<Consumer<String>> onAcquired = new CopyOnWriteArrayList<>();
    private volatile List<String> members = List.of();

    public Shards(ElectionOptions options, MeterRegistry registry) {
        this(options, registry, System::nanoTime);
    }

    Shards(ElectionOptions options, MeterRegistry registry, LongSupplier nanos) {
        this.options = options;
        this.fence = new RenewalFence(options.renewDeadline(), nanos);
        if (registry != null) {
            Gauge.builder("plumbline.shard.environments", held, Set::size)
                    .description("environments whose Lease this agent holds (sharded mode)")
                    .tag("identity", options.identity()).register(registry);
        }
    }

    @Override
    public String mode() {
        return "sharded";
    }

    @Override
    public String identity() {
        return options.identity();
    }

    ElectionOptions options() {
        return options;
    }

    @Override
    public String closedReason(String environment) {
        if (fence.shutdownReason() != null) {
            return fence.shutdownReason();
        }
        if (!held.contains(environment)) {
            String owner = owners.get(environment);
            return "not the owner of environment " + environment + " (Lease " + options.leaseNamespace() + "/"
                    + ShardLeases.environmentLease(options.leaseName(), environment) + " held by "
                    + (owner == null ? "nobody" : owner) + ")";
        }
        if (!fresh()) {
            return "membership Lease " + options.leaseNamespace() + "/" + ShardLeases.memberLease(options.leaseName(), identity())
                    + " not renewed within " + options.renewDeadline().toMillis() + " ms";
        }
        return null;
    }

    @Override
    public boolean writes(String environment) {
        return closedReason(environment) == null;
    }

    @Override
    public boolean serves(String environment) {
        return held.contains(environment);
    }

    @Override
    public String owner(String environment) {
        return owners.get(environment);
    }

    @Override
    public Map<String, String> owners() {
        return new TreeMap<>(owners);
    }

    @Override
    public List<String> members() {
        return members;
    }

    @Override
    public int term(String environment) {
        return terms.computeIfAbsent(environment, e -> new AtomicInteger()).get();
    }

    @Override
    public void onAcquired(Consumer<String> action) {
        onAcquired.add(action);
    }

    @Override
    public void shutdown(String reason) {
        fence.shutdown(reason);
    }

    boolean shuttingDown() {
        return fence.shutdownReason() != null;
    }

    @Override
    public <T> T cycle(String environment, Supplier<T> run) {
        ReentrantLock lock = cycleLock(environment);
        lock.lock();
        try {
            return run.get();
        } finally {
            lock.unlock();
        }
    }

    ReentrantLock cycleLock(String environment) {
        return cycles.computeIfAbsent(environment, e -> new ReentrantLock());
    }

    /** The membership Lease was renewed by a request started at {@code startedNanos}. */
    void renewed(long startedNanos) {
        if (fence.lapsedBefore(startedNanos) && !held.isEmpty()) {
            // Others may have judged this agent gone and taken its environments: confirm each on its Lease again.
            LOG.warn("sharding: {} renewed its membership only after {} ms; {} environment(s) must be confirmed again",
                    identity(), fence.millisSinceRenewal(startedNanos), held.size());
            held.clear();
        }
        fence.renewed(startedNanos);
    }

    /** The membership was renewed within {@code renew-deadline}: this agent may act on what it holds. */
    boolean fresh() {
        return fence.fresh();
    }

    boolean holds(String environment) {
        return held.contains(environment);
    }

    void members(List<String> live) {
        members = List.copyOf(live);
    }

    void acquired(String environment) {
        owners.put(environment, identity());
        if (held.add(environment)) {
            terms.computeIfAbsent(environment, e -> new AtomicInteger()).incrementAndGet();
            LOG.info("sharding: {} now holds environment {}", identity(), environment);
            onAcquired.forEach(a -> a.accept(environment));
        }
    }

    /** This agent no longer holds {@code environment}; {@code holder} as last seen ({@code null}: nobody). */
    void lost(String environment, String holder) {
        if (holder == null) {
            owners.remove(environment);
        } else {
            owners.put(environment, holder);
        }
        if (held.remove(environment)) {
            LOG.info("sharding: {} no longer holds environment {} ({})", identity(), environment,
                    holder == null ? "released" : "held by " + holder);
        }
    }

    /** The environment's Lease names {@code holder} ({@code null}: nobody). */
    void observed(String environment, String holder) {
        if (identity().equals(holder)) {
            owners.put(environment, holder);
        } else {
            lost(environment, holder);
        }
    }
}
