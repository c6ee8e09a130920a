package dev.plumbline.schedule.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Who may write, as this agent knows it, with one leader ({@code plumbline.ha.mode: leader}, the default): the
 * {@link dev.plumbline.reconcile.WriteGate} the reconciler asks, the same for every environment. Open when leader election is off,
 * or when this agent holds the Lease <em>and</em> renewed it within {@code renew-deadline}: the time fence closes the
 * gate even while a renewal request hangs, before the Lease can expire and another agent take over. Closed for good
 * once shutdown starts. Fed by {@link LeaseElector}'s callbacks; read by the schedule and {@code GET /api/v1/leader}.
 */
public final class Leadership implements Ownership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final ElectionOptions options;
    private final RenewalFence fence;
    private final AtomicInteger term = new AtomicInteger();
    private final List<Consumer<String>> onAcquired = new CopyOnWriteArrayList<>();
    private volatile boolean leading;
    private volatile String holder;

    public Leadership(ElectionOptions options, MeterRegistry registry) {
        this(options, registry, System::nanoTime);
    }

    Leadership(ElectionOptions options, MeterRegistry registry, LongSupplier nanos) {
        this.options = options;
        this.fence = new RenewalFence(options.renewDeadline(), nanos);
        this.holder = options.enabled() ? null : options.identity();
        if (registry != null) {
            Gauge.builder("plumbline.leader", this, l -> l.isLeader() ? 1 : 0)
                    .description("1 while this agent holds the Lease and may write; 0 on followers")
                    .tag("identity", options.identity()).register(registry);
        }
    }

    /** This agent may reconcile and write (ignoring shutdown, which the schedule handles itself). */
    public boolean isLeader() {
        if (!options.enabled()) {
            return true;
        }
        return leading && fence.fresh();
    }

    @Override
    public String mode() {
        return "leader";
    }

    @Override
    public boolean writes(String environment) {
        return isLeader();
    }

    @Override
    public boolean serves(String environment) {
        return true; // followers check read-only and answer reads
    }

    @Override
    public String owner(String environment) {
        return holder;
    }

    @Override
    public int term(String environment) {
        return term();
    }

    @Override
    public String closedReason(String environment) {
        return closedReason();
    }

    /** As {@link #closedReason(String)}: one Lease decides for every environment. */
    public String closedReason() {
        if (fence.shutdownReason() != null) {
            return fence.shutdownReason();
        }
        if (isLeader()) {
            return null;
        }
        if (leading) {
            return "Lease " + options.lease() + " not renewed within " + options.renewDeadline().toMillis() + " ms";
        }
        return "not the leader (Lease " + options.lease() + " held by " + (holder == null ? "nobody" : holder) + ")";
    }

    public ElectionOptions options() {
        return options;
    }

    @Override
    public String identity() {
        return options.identity();
    }

    /** The Lease holder as last observed ({@code null} before the first observation). */
    public String holder() {
        return holder;
    }

    /** Counts acquisitions: a new term means another agent may have written meanwhile. */
    public int term() {
        return term.get();
    }

    /** Runs {@code action} on every acquisition (with {@code null}: every environment), on the elector's thread. */
    @Override
    public void onAcquired(Consumer<String> action) {
        onAcquired.add(action);
    }

    /** Closes the gate for good: shutdown has started, nothing new may be written. */
    @Override
    public void shutdown(String reason) {
        fence.shutdown(reason);
    }

    void renewed(long startedNanos) {
        fence.renewed(startedNanos);
    }

    void acquired() {
        if (!leading) {
            term.incrementAndGet();
            leading = true;
            holder = options.identity();
            LOG.info("leader election: {} now holds Lease {}", options.identity(), options.lease());
            onAcquired.forEach(a -> a.accept(null));
        }
    }

    void lost() {
        if (leading) {
            leading = false;
            if (fence.shutdownReason() != null) {
                LOG.info("leader election: {} gives up Lease {} ({})", options.identity(), options.lease(), fence.shutdownReason());
                return;
            }
            LOG.warn("leader election: {} lost Lease {}; writes stop at the next object", options.identity(), options.lease());
        }
    }

    void observed(String newHolder) {
        holder = newHolder;
        if (leading && !options.identity().equals(newHolder)) {
            lost(); // before Fabric8's own onStopLeading: the gate closes on the first sight of another holder
        }
    }
}
