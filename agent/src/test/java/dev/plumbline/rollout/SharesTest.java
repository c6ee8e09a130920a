package dev.plumbline.rollout;

import dev.plumbline.history.RolloutRecord;
import dev.plumbline.analysis.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharesTest {

    @ParameterizedTest(name = "{0} replicas at {1}% → canary {2}, stable {3}")
    @CsvSource({
            "10, 10, 1, 9",
            "10, 50, 5, 5",
            "10, 100, 10, 0",
            "3, 10, 1, 2",
            "3, 50, 2, 1",
            "1, 10, 1, 1",   // a one-replica Deployment runs 1 + 1 below 100 %
            "1, 100, 1, 0",
            "2, 90, 2, 1",   // the stable version keeps a pod until the last step
    })
    void theNewVersionAlwaysHasAPodAndTheStableOneKeepsOneUntilTheLastStep(int replicas, int weight, int canary, int stable) {
        assertThat(Shares.canary(replicas, weight)).isEqualTo(canary);
        assertThat(Shares.stable(replicas, weight)).isEqualTo(stable);
    }

    private static RolloutRecord.Check check(String name, Boolean passed, String message) {
        return new RolloutRecord.Check(Instant.EPOCH, name, 1.0, 0.5, passed, message);
    }

    @Test
    void aFailureWinsOverInconclusiveAndARolloutStillRunningIsWaitingNotInconclusive() {
        var notReady = check("podHealth", null, Analyses.NOT_READY + "1 of 2 updated replicas are available");
        var noData = check("prometheus", null, "no data");
        var failed = check("prometheus", false, "canary 1.0 > 0.5");
        assertThat(Analyses.outcome(List.of(notReady, failed))).isEqualTo(Outcome.FAILED);
        assertThat(Analyses.outcome(List.of(notReady, noData))).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(Analyses.waiting(List.of(notReady))).isTrue();
        assertThat(Analyses.waiting(List.of(notReady, noData))).isFalse();
        assertThat(Analyses.why(List.of(check("podHealth", true, "ok"), failed)))
                .isEqualTo("prometheus: canary 1.0 > 0.5 (value 1.0, threshold 0.5)");
    }
}
