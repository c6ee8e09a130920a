package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The promotion gate's judgement of what the {@code after} environment persisted (pure). */
class SoakTest {

    static final String R = "1a2b3c4d5e6f";
    static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    static final EnvironmentPolicy.Promotion TEN_MINUTES = new EnvironmentPolicy.Promotion("staging", Duration.ofMinutes(10), 3);

    static SyncRecord sync(String sha, SyncResult result, String health, Instant finished) {
        return SyncRecord.of("staging", sha, Trigger.POLL, finished.minusSeconds(5), finished, result, Map.of())
                .withHealth(health, "");
    }

    @Test
    void waitsForTheRestOfTheSoakAndSaysHowLong() {
        Soak s = Soak.of(TEN_MINUTES, R, new Soak.Facts(R, T, sync(R, SyncResult.SUCCEEDED, "Healthy", T), "Healthy"),
                T.plus(Duration.ofSeconds(408)));
        assertThat(s.satisfied()).isFalse();
        assertThat(s.healthySince()).isEqualTo(T);
        assertThat(s.remaining()).isEqualTo(Duration.ofSeconds(192));
        assertThat(s.message()).isEqualTo("waiting for staging to run 1a2b3c4 healthy for 10m: 3m12s left");
    }

    @Test
    void passesOnceTheSoakIsOver() {
        Soak s = Soak.of(TEN_MINUTES, R, new Soak.Facts(R, T, sync(R, SyncResult.SUCCEEDED, "Healthy", T), null),
                T.plus(Duration.ofMinutes(10)));
        assertThat(s.satisfied()).isTrue();
        assertThat(s.remaining()).isZero();
    }

    @Test
    void aRevisionTheOtherEnvironmentHasNotAppliedWaitsTheWholeSoak() {
        Soak s = Soak.of(TEN_MINUTES, R, new Soak.Facts("0ld0ld0", T, sync("0ld0ld0", SyncResult.SUCCEEDED, "Healthy", T), null),
                T.plus(Duration.ofHours(1)));
        assertThat(s.satisfied()).isFalse();
        assertThat(s.healthySince()).isNull();
        assertThat(s.remaining()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.message()).endsWith("staging has not applied it yet");
    }

    @Test
    void aFailedOrUnhealthySyncNeverSoaks() {
        Instant late = T.plus(Duration.ofHours(1));
        assertThat(Soak.of(TEN_MINUTES, R, new Soak.Facts(R, T, sync(R, SyncResult.FAILED, "Degraded", T), null), late)
                .message()).endsWith("its last sync (1a2b3c4) failed, health Degraded");
        assertThat(Soak.of(TEN_MINUTES, R, new Soak.Facts(R, T, sync(R, SyncResult.SUCCEEDED, "Progressing", T), null), late)
                .satisfied()).isFalse();
        assertThat(Soak.of(TEN_MINUTES, R, new Soak.Facts(R, T, sync(R, SyncResult.SUCCEEDED, "Healthy", T), "Degraded"), late)
                .message()).endsWith("staging is Degraded");
    }

    @Test
    void aRevisionAppliedWithoutASyncSoaksFromWhenItWasApplied() {
        // R changed nothing in staging: its last sync is of an earlier revision, R became applied at T + 5m
        Instant applied = T.plus(Duration.ofMinutes(5));
        Soak s = Soak.of(TEN_MINUTES, R, new Soak.Facts(R, applied, sync("0ld0ld0", SyncResult.SUCCEEDED, "Healthy", T), null),
                T.plus(Duration.ofMinutes(12)));
        assertThat(s.healthySince()).isEqualTo(applied);
        assertThat(s.remaining()).isEqualTo(Duration.ofMinutes(3));
    }
}
