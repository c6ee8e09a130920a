package dev.plumbline.schedule;

import dev.plumbline.reconcile.Agent;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness fails when a cycle has not finished within {@code max(10 × poll-interval, 10 min)}: one that hangs, or a
 * schedule that placed no next run; a backoff after failed cycles or a long poll interval is not a hang.
 */
class CycleLivenessTest {

    private final EnvironmentClock clock = new EnvironmentClock(ScheduleOptions.defaults().withJitter(0), null);
    private final CycleLiveness liveness = new CycleLiveness(new Agent(List.of("dev", "prod"), null, null), clock);
    private final Instant t0 = Instant.now();

    @Test
    void theLimitIsTenPollIntervalsButNeverUnderTenMinutes() {
        assertThat(clock.livenessLimit()).isEqualTo(Duration.ofMinutes(10));
        EnvironmentClock hourly = new EnvironmentClock(ScheduleOptions.defaults().withInterval(Duration.ofHours(1)), null);
        assertThat(hourly.livenessLimit()).isEqualTo(Duration.ofHours(10));
    }

    @Test
    void aCycleRunningLongerThanTheLimitFailsLivenessForItsEnvironmentOnly() {
        clock.started("dev", t0);
        clock.ran("prod", EnvironmentClock.Outcome.SUCCEEDED, t0);
        clock.started("prod", t0.plusSeconds(60));
        clock.ran("prod", EnvironmentClock.Outcome.SUCCEEDED, t0.plusSeconds(61));

        assertThat(liveness.result(t0.plus(Duration.ofMinutes(9))).getStatus()).isEqualTo(HealthStatus.UP);
        HealthResult down = liveness.result(t0.plus(Duration.ofMinutes(11)));
        assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) down.getDetails();
        assertThat(details).containsOnlyKeys("dev");
        assertThat(details.get("dev").toString()).startsWith("cycle running for 660 s");
    }

    @Test
    void aScheduleThatPlacedNoNextRunFailsLivenessOnceTheRunIsOverdueByTheLimit() {
        Instant next = clock.ran("dev", EnvironmentClock.Outcome.SUCCEEDED, t0);
        assertThat(next).isEqualTo(t0.plusSeconds(60));
        clock.ran("prod", EnvironmentClock.Outcome.SUCCEEDED, t0);

        assertThat(liveness.result(next.plus(Duration.ofMinutes(9))).getStatus()).as("9 minutes overdue")
                .isEqualTo(HealthStatus.UP);
        assertThat(clock.stuck("dev", next.plus(Duration.ofMinutes(9)), clock.livenessLimit())).isNull();
        assertThat(clock.stuck("dev", next.plus(Duration.ofMinutes(11)), clock.livenessLimit()))
                .startsWith("no cycle started for 660 s since one was due");
    }

    @Test
    void aLongBackoffAfterFailedCyclesIsNotAHang() {
        Instant at = t0;
        Instant next = at;
        for (int i = 0; i < 8; i++) { // backoff grows to the 10-minute maximum
            clock.started("dev", at);
            next = clock.ran("dev", EnvironmentClock.Outcome.FAILED, at.plusSeconds(1));
            at = next;
        }
        assertThat(Duration.between(t0, next)).isGreaterThan(Duration.ofMinutes(20));
        assertThat(clock.stuck("dev", next.minusSeconds(1), clock.livenessLimit())).isNull();
    }

    @Test
    void aCycleEndedByAVirtualMachineErrorFailsLivenessForGood() {
        clock.ran("dev", EnvironmentClock.Outcome.SUCCEEDED, t0);
        clock.ran("prod", EnvironmentClock.Outcome.SUCCEEDED, t0);
        assertThat(liveness.result(t0.plusSeconds(1)).getStatus()).isEqualTo(HealthStatus.UP);

        clock.fatal("dev cycle failed with java.lang.OutOfMemoryError: Java heap space; the process must restart");

        HealthResult down = liveness.result(t0.plusSeconds(2));
        assertThat(down.getStatus()).isEqualTo(HealthStatus.DOWN);
        assertThat(down.getDetails().toString()).contains("process", "OutOfMemoryError");
    }
}
