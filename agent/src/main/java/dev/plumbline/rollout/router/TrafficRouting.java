package dev.plumbline.rollout.router;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A router in use: sends the weights a rollout asks for through {@link RouterWrites}, one write per change and none
 * for a weight already written. Started with the weight the rollout's persisted state says is live (empty when not
 * known, e.g. after a restart before the first write: then the first call writes). Not thread-safe: one rollout
 * drives it.
 */
public final class TrafficRouting {

    private final TrafficRouter router;
    private final RouterWrites writes;
    private OptionalInt live;

    public TrafficRouting(TrafficRouter router, RouterWrites writes, OptionalInt live) {
        this.router = Objects.requireNonNull(router, "router");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.live = Objects.requireNonNull(live, "live");
    }

    public TrafficRouter router() {
        return router;
    }

    /** The weight last written, if known. */
    public OptionalInt weight() {
        return live;
    }

    /** Sends {@code weight} percent to the canary; {@code true} when that took a write. */
    public boolean route(int weight) {
        TrafficRouter.checked(weight);
        if (live.isPresent() && live.getAsInt() == weight) {
            return false;
        }
        write(router.weighted(weight), weight);
        return true;
    }

    /** Leaves the router's objects as Git renders them (after promotion or rollback). Always one write. */
    public void restore() {
        write(router.restore(), 0);
    }

    private void write(RouterWrite write, int weight) {
        try {
            writes.write(write);
        } catch (RouterException e) {
            live = OptionalInt.empty(); // what the server kept is unknown: the next call writes again
            throw e;
        }
        live = OptionalInt.of(weight);
    }
}
