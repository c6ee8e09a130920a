package dev.plumbline.schedule.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which replicas are alive, judged as client-go's leader election judges a Lease: by when this replica <em>saw</em> a
 * membership Lease's renewTime change, on its own clock, never by comparing the other replica's clock with its own. A
 * member is alive until its Lease has not changed for its {@code leaseDurationSeconds}; one released on shutdown
 * (empty holder) is gone at once; a holder never seen gets a full lease duration from the first look.
 */
final class Members {

    private record Seen(Object renewTime, long at, long duration, boolean released, boolean listed) {
    }

    private final Map<String, Seen> seen = new HashMap<>();
    private final long defaultDuration;

    Members(long defaultDurationNanos) {
        this.defaultDuration = defaultDurationNanos;
    }

    /** Takes in the membership Leases as just listed, at {@code now} (nanos). */
    synchronized void observe(List<Lease> leases, long now) {
        for (Lease lease : leases) {
            String id = ShardLeases.key(lease);
            if (id == null) {
                continue;
            }
            boolean released = ShardLeases.holder(lease) == null;
            Object renew = lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
            Integer seconds = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
            long duration = seconds == null ? defaultDuration : seconds * 1_000_000_000L;
            Seen before = seen.get(id);
            if (before == null || !Objects.equals(before.renewTime(), renew) || before.released() != released) {
                seen.put(id, new Seen(renew, now, duration, released, true));
            }
        }
    }

    /** Whether {@code identity} counts as alive at {@code now}: its Lease changed within its duration. */
    synchronized boolean alive(String identity, long now) {
        Seen s = seen.computeIfAbsent(identity, id -> new Seen(null, now, defaultDuration, false, false));
        return !s.released() && now - s.at() < s.duration();
    }

    /** The members alive at {@code now} (only those with a membership Lease), sorted. */
    synchronized TreeSet<String> alive(long now) {
        TreeSet<String> out = new TreeSet<>();
        seen.forEach((id, s) -> {
            if (s.listed() && !s.released() && now - s.at() < s.duration()) {
                out.add(id);
            }
        });
        return out;
    }

    /** Whether {@code identity}'s Lease has not changed for {@code factor} lease durations (a replica long gone). */
    synchronized boolean longGone(String identity, long now, int factor) {
        Seen s = seen.get(identity);
        return s != null && now - s.at() >= factor * s.duration();
    }

    synchronized void forget(String identity) {
        seen.remove(identity);
    }
}
