package dev.plumbline.schedule.leader;

import dev.plumbline.reconcile.LeadershipLostException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadershipTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ElectionOptions options = ElectionOptions.defaults().withEnabled(true).withIdentity("pod-a");
    private final Leadership leadership = new Leadership(options, registry, now::get);

    private double gauge() {
        return registry.get("plumbline.leader").tag("identity", "pod-a").gauge().value();
    }

    @Test
    void withoutElectionTheGateIsOpenUntilShutdown() {
        Leadership single = new Leadership(ElectionOptions.defaults().withIdentity("solo"), null, now::get);
        assertThat(single.isLeader()).isTrue();
        assertThat(single.closedReason()).isNull();
        single.shutdown("the agent is shutting down");
        assertThat(single.closedReason()).isEqualTo("the agent is shutting down");
    }

    @Test
    void aCandidateIsClosedAndNamesTheHolder() {
        leadership.observed("pod-b");
        assertThat(leadership.isLeader()).isFalse();
        assertThat(gauge()).isZero();
        assertThatThrownBy(() -> leadership.check("prod", "prod sync of abc1234"))
                .isInstanceOf(LeadershipLostException.class)
                .hasMessage("prod sync of abc1234 failed: not the leader (Lease plumbline-system/plumbline held by pod-b)");
    }

    @Test
    void theLeaderIsOpenWhileRenewedWithinTheDeadline() {
        AtomicInteger acquisitions = new AtomicInteger();
        leadership.onAcquired(env -> acquisitions.incrementAndGet());
        leadership.renewed(now.get());
        leadership.acquired();
        assertThat(leadership.isLeader()).isTrue();
        assertThat(leadership.term()).isEqualTo(1);
        assertThat(acquisitions).hasValue(1);
        assertThat(gauge()).isEqualTo(1.0);

        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(leadership.closedReason()).isNull();
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // 11 s without a renewal: past the 10 s deadline
        assertThat(leadership.closedReason()).isEqualTo("Lease plumbline-system/plumbline not renewed within 10000 ms");
        leadership.renewed(now.get());
        assertThat(leadership.isLeader()).isTrue();
    }

    @Test
    void seeingAnotherHolderClosesTheGateAtOnce() {
        leadership.renewed(now.get());
        leadership.acquired();
        leadership.observed("pod-b");
        assertThat(leadership.isLeader()).isFalse();
        assertThat(leadership.holder()).isEqualTo("pod-b");
        leadership.renewed(now.get());
        leadership.acquired();
        assertThat(leadership.term()).isEqualTo(2);
    }

    @Test
    void identityIsConfiguredElsePodNameElseHostnameWithARandomSuffix() {
        assertThat(ElectionOptions.identity("me", Map.of("POD_NAME", "pod-x"))).isEqualTo("me");
        assertThat(ElectionOptions.identity(null, Map.of("POD_NAME", "pod-x"))).isEqualTo("pod-x");
        String a = ElectionOptions.identity(null, Map.of());
        String b = ElectionOptions.identity("", Map.of());
        assertThat(a).matches(".+-[0-9a-f]{8}").isNotEqualTo(b);
    }

    @Test
    void durationsMustLeaveTheLeaderTimeToStopBeforeTheLeaseExpires() {
        assertThatThrownBy(() -> new ElectionOptions(true, "p", "ns", Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(2), "a")).hasMessageContaining("lease-duration (PT10S) must be greater than renew-deadline");
        assertThatThrownBy(() -> new ElectionOptions(true, "p", "ns", Duration.ofSeconds(15), Duration.ofSeconds(2),
                Duration.ofSeconds(2), "a")).hasMessageContaining("renew-deadline (PT2S) must be greater than 1.2 × retry-period");
    }
}
