package dev.plumbline.reconcile;

import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DoraTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static SyncRecord sync(String sha, int hour, SyncResult result, int configured) {
        Instant start = T0.plus(Duration.ofHours(hour));
        return SyncRecord.of("prod", sha, Trigger.POLL, start, start.plusSeconds(30), result,
                Map.of("configured", configured, "unchanged", 5));
    }

    @Test
    void fourMeasuresFromHistory() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 24, SyncResult.FAILED, 1),     // broken at +24h
                sync("c", 26, SyncResult.SUCCEEDED, 1),  // restored at +26h 30s
                sync("c", 27, SyncResult.SUCCEEDED, 0),  // changed nothing: not a deployment
                sync("d", 48, SyncResult.SUCCEEDED, 2),
                sync("e", 49, SyncResult.GUARDED, 0));   // stopped by a guard: not a deployment
        // every commit was made one hour before its sync started
        Dora dora = Dora.of("prod", history, sha -> history.stream().filter(r -> r.revision().equals(sha)).findFirst()
                .map(r -> r.startedAt().minus(Duration.ofHours(1))).orElse(null));
        assertThat(dora.deployments()).isEqualTo(4);
        assertThat(dora.perDay()).isEqualTo(2.0); // 4 deployments over 48h 30s (counted as 2.02 days, floored to >= 1)
        assertThat(dora.changeFailureRate()).isEqualTo(0.25);
        assertThat(dora.timeToRestoreMedian()).isEqualTo(Duration.ofHours(2).plusSeconds(30));
        assertThat(dora.leadTimeMedian()).isEqualTo(Duration.ofHours(1).plusSeconds(30));
    }

    @Test
    void noDeploymentsNoMeasures() {
        Dora dora = Dora.of("prod", List.of(sync("a", 0, SyncResult.SUCCEEDED, 0)), sha -> null);
        assertThat(dora.deployments()).isZero();
        assertThat(dora.changeFailureRate()).isNull();
        assertThat(dora.leadTimeMedian()).isNull();
    }
}
