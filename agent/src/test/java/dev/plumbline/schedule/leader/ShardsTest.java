package dev.plumbline.schedule.leader;

import dev.plumbline.reconcile.LeadershipLostException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-environment gate of sharding, on a fake clock; and rendezvous hashing's split. */
class ShardsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ElectionOptions options = ElectionOptions.defaults().withIdentity("pod-a"); // lease 15 s, renew 10 s
    private final Shards shards = new Shards(options, registry, now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anEnvironmentIsWritableOnlyWhileItsLeaseIsHeldAndTheMembershipRenewedWithinTheDeadline() {
        List<String> acquired = new ArrayList<>();
        shards.onAcquired(acquired::add);
        assertThat(shards.closedReason("prod")).isEqualTo("not the owner of environment prod (Lease plumbline-system/plumbline-env-prod held by nobody)");
        shards.renewed(now.get());
        shards.acquired("prod");
        assertThat(acquired).containsExactly("prod");
        assertThat(shards.writes("prod")).isTrue();
        assertThat(shards.writes("staging")).isFalse();
        assertThat(shards.term("prod")).isEqualTo(1);
        assertThat(registry.get("plumbline.shard.environments").tag("identity", "pod-a").gauge().value()).isEqualTo(1.0);

        advance(Duration.ofSeconds(9));
        assertThat(shards.writes("prod")).isTrue();
        advance(Duration.ofSeconds(2)); // 11 s without a renewal: past the 10 s deadline, before the 15 s lease ends
        assertThat(shards.closedReason("prod"))
                .isEqualTo("membership Lease plumbline-system/plumbline-member-pod-a not renewed within 10000 ms");
        assertThatThrownBy(() -> shards.check("prod", "prod sync of abc1234")).isInstanceOf(LeadershipLostException.class)
                .hasMessageStartingWith("prod sync of abc1234 failed: membership Lease");
    }

    @Test
    void aRenewalAfterALapseReopensNothingUntilEachEnvironmentIsConfirmedOnItsLease() {
        shards.renewed(now.get());
        shards.acquired("prod");
        advance(Duration.ofSeconds(12));
        shards.renewed(now.get()); // others may have taken prod meanwhile
        assertThat(shards.holds("prod")).isFalse();
        assertThat(shards.writes("prod")).isFalse();
        shards.acquired("prod"); // the loop confirmed it by a compare-and-swap on prod's Lease
        assertThat(shards.writes("prod")).isTrue();
        assertThat(shards.term("prod")).isEqualTo(2); // a new term: the schedule re-reads what others may have written
    }

    @Test
    void anotherHolderClosesTheGateAtOnceAndShutdownClosesEveryGate() {
        shards.renewed(now.get());
        shards.acquired("prod");
        shards.acquired("staging");
        shards.observed("prod", "pod-b");
        assertThat(shards.closedReason("prod")).isEqualTo("not the owner of environment prod (Lease plumbline-system/plumbline-env-prod held by pod-b)");
        assertThat(shards.serves("prod")).isFalse();
        assertThat(shards.owners()).containsExactlyInAnyOrderEntriesOf(Map.of("prod", "pod-b", "staging", "pod-a"));
        shards.shutdown("the agent is shutting down");
        assertThat(shards.closedReason("staging")).isEqualTo("the agent is shutting down");
    }

    @Test
    void rendezvousHashingSplitsEnvironmentsAndMovesOnlyTheJoinersShare() {
        List<String> envs = IntStream.range(0, 300).mapToObj(i -> "env-" + i).toList();
        Map<String, String> two = new HashMap<>();
        envs.forEach(e -> two.put(e, Rendezvous.owner(e, Set.of("pod-a", "pod-b")).orElseThrow()));
        Map<String, Long> counts = new HashMap<>();
        two.values().forEach(m -> counts.merge(m, 1L, Long::sum));
        assertThat(counts.get("pod-a")).isBetween(110L, 190L);
        long moved = 0;
        for (String e : envs) {
            String after = Rendezvous.owner(e, Set.of("pod-a", "pod-b", "pod-c")).orElseThrow();
            if (!after.equals(two.get(e))) {
                assertThat(after).as("an environment only moves to the joiner").isEqualTo("pod-c");
                moved++;
            }
        }
        assertThat(moved).isBetween(60L, 140L); // about a third
        assertThat(Rendezvous.owner("prod", Set.of())).isEmpty();
        assertThat(Rendezvous.owner("prod", List.of("pod-b", "pod-a"))).isEqualTo(Rendezvous.owner("prod", List.of("pod-a", "pod-b")));
    }

    @Test
    void leaseNamesAreDnsNamesThatKeepDistinctValuesApart() {
        assertThat(ShardLeases.environmentLease("plumbline", "prod")).isEqualTo("plumbline-env-prod");
        assertThat(ShardLeases.dnsName("Prod_EU")).startsWith("prod-eu-").isNotEqualTo(ShardLeases.dnsName("prod-eu"));
        assertThat(ShardLeases.dnsName("x".repeat(300))).hasSizeLessThan(200);
    }
}
