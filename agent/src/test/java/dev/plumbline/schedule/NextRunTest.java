package dev.plumbline.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NextRunTest {

    private static final ScheduleOptions MINUTE = ScheduleOptions.defaults(); // 60s, ±10%, max 10m

    @ParameterizedTest(name = "random {0} → {1} ms")
    @CsvSource({"0.0, 54000", "0.5, 60000", "0.999999, 65999", "0.25, 57000"})
    void jitterSpreadsTheIntervalByPlusMinusTheFraction(double random, long expectedMs) {
        assertThat(NextRun.delay(MINUTE, 0, random).toMillis()).isBetween(expectedMs - 1, expectedMs + 1);
    }

    @Test
    void noJitterIsTheIntervalExactly() {
        assertThat(NextRun.delay(MINUTE.withJitter(0), 0, 0.9)).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "{0} failures → {1}")
    @CsvSource({"0, PT1M", "1, PT2M", "2, PT4M", "3, PT8M", "4, PT10M", "5, PT10M", "64, PT10M", "2147483647, PT10M"})
    void backoffDoublesPerFailureUpToTheCap(int failures, Duration expected) {
        assertThat(NextRun.backoff(Duration.ofMinutes(1), failures, Duration.ofMinutes(10))).isEqualTo(expected);
    }

    @Test
    void jitterNeverLiftsABackedOffDelayAboveTheCap() {
        assertThat(NextRun.delay(MINUTE, 10, 0.999)).isEqualTo(Duration.ofMinutes(10));
        assertThat(NextRun.delay(MINUTE, 10, 0.0)).isEqualTo(Duration.ofMinutes(9));
    }

    @Test
    void aCapBelowTheIntervalNeverShortensIt() {
        ScheduleOptions hourly = MINUTE.withInterval(Duration.ofHours(1)).withJitter(0);
        assertThat(NextRun.delay(hourly, 3, 0.5)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theClockCountsFailuresResetsOnSuccessAndIgnoresAbortedRuns() {
        EnvironmentClock clock = new EnvironmentClock(MINUTE.withJitter(0), null);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(clock.ran("prod", EnvironmentClock.Outcome.FAILED, now)).isEqualTo(now.plus(Duration.ofMinutes(2)));
        assertThat(clock.ran("prod", EnvironmentClock.Outcome.FAILED, now)).isEqualTo(now.plus(Duration.ofMinutes(4)));
        assertThat(clock.ran("prod", EnvironmentClock.Outcome.ABORTED, now)).isEqualTo(now.plus(Duration.ofMinutes(4)));
        assertThat(clock.failures("prod")).isEqualTo(2);
        assertThat(clock.failures("staging")).isZero();
        assertThat(clock.ran("prod", EnvironmentClock.Outcome.SUCCEEDED, now)).isEqualTo(now.plus(Duration.ofMinutes(1)));
        assertThat(clock.failures("prod")).isZero();
    }

    @Test
    void aNewLeadershipTermIsSeenOncePerEnvironment() {
        EnvironmentClock clock = new EnvironmentClock(MINUTE, null);
        assertThat(clock.newTerm("prod", 1)).isTrue();
        assertThat(clock.newTerm("prod", 1)).isFalse();
        assertThat(clock.newTerm("staging", 1)).isTrue();
        assertThat(clock.newTerm("prod", 2)).isTrue();
    }

    @Test
    void invalidOptionsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> MINUTE.withJitter(1.0)).hasMessageContaining("plumbline.schedule.jitter");
        assertThatThrownBy(() -> MINUTE.withInterval(Duration.ZERO)).hasMessageContaining("plumbline.repo.poll-interval");
        assertThatThrownBy(() -> MINUTE.withMaxBackoff(Duration.ofSeconds(-1))).hasMessageContaining("max-backoff");
    }
}
