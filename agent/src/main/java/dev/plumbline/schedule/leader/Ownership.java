package dev.plumbline.schedule.leader;

import dev.plumbline.reconcile.WriteGate;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Which environments this agent reconciles and may write, as it knows it now: the {@link WriteGate} the reconciler
 * asks, per environment. Two ways ({@code plumbline.ha.mode}): {@link Leadership} (one Lease, the holder writes every
 * environment, the others check read-only) and {@link Shards} (one Lease per environment, each environment reconciled
 * and served by its holder only). Read by the schedule and the HTTP API.
 */
public interface Ownership extends WriteGate {

    /** {@code leader} or {@code sharded}. */
    String mode();

    /** This agent's identity (the Leases' {@code holderIdentity}). */
    String identity();

    /** This agent may reconcile and write {@code environment} now. */
    boolean writes(String environment);

    /**
     * This agent answers reads about {@code environment}: with one leader every replica does (followers check
     * read-only); sharded, only the holder of its Lease.
     */
    boolean serves(String environment);

    /** Who holds {@code environment} as last seen ({@code null}: nobody, or not looked yet). */
    String owner(String environment);

    /** Counts acquisitions of {@code environment}: a new term means another agent may have written it meanwhile. */
    int term(String environment);

    /**
     * Runs {@code action} on every acquisition with the environment acquired, or {@code null} for all of them (a new
     * leader); on the elector's thread: keep it short (schedule a run).
     */
    void onAcquired(Consumer<String> action);

    /** Closes every gate for good: shutdown has started, nothing new may be written. */
    void shutdown(String reason);

    /** Every Lease holder as last seen, by environment (empty with one leader: {@link #owner} says it for all). */
    default Map<String, String> owners() {
        return Map.of();
    }

    /** Live replicas as last seen (sharded), else empty. */
    default List<String> members() {
        return List.of();
    }

    /**
     * Runs one cycle of {@code environment}: sharded, a graceful handover (a replica joined) waits until it ends, so an
     * environment changes hands between cycles, not in the middle of one.
     */
    default <T> T cycle(String environment, Supplier<T> run) {
        return run.get();
    }
}
