package dev.plumbline.history;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment definition ({@link Deployments}) and the four measures over record sequences. */
class DoraTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static SyncRecord sync(String sha, int hour, SyncResult result, int configured) {
        return sync(sha, hour, result, configured, Trigger.POLL);
    }

    static SyncRecord sync(String sha, int hour, SyncResult result, int configured, Trigger trigger) {
        Instant start = T0.plus(Duration.ofHours(hour));
        return SyncRecord.of("prod", sha, trigger, start, start.plusSeconds(30), result,
                Map.of("configured", configured, "unchanged", 5, "failed", result == SyncResult.FAILED ? 1 : 0));
    }

    /** Every commit was made one hour before the first sync of it started. */
    static Dora dora(List<SyncRecord> history) {
        return Dora.of("prod", history, sha -> history.stream().filter(r -> r.revision().equals(sha)).findFirst()
                .map(r -> r.startedAt().minus(Duration.ofHours(1))).orElse(null));
    }

    @Test
    void fourMeasuresFromHistory() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 24, SyncResult.FAILED, 1),     // broken at +24h
                sync("c", 26, SyncResult.SUCCEEDED, 1),  // restored at +26h 30s
                sync("c", 27, SyncResult.SUCCEEDED, 0),  // the same revision again: not a deployment
                sync("d", 48, SyncResult.SUCCEEDED, 2),
                sync("e", 49, SyncResult.GUARDED, 0));   // stopped by a guard: not a deployment
        Dora dora = dora(history);
        assertThat(dora.deployments()).isEqualTo(4);
        assertThat(dora.failedDeployments()).isEqualTo(1);
        assertThat(dora.syncs()).isEqualTo(6);
        assertThat(dora.perDay()).isEqualTo(2.0); // 4 deployments over 48h 30s (2,880 whole minutes: 2 days)
        assertThat(dora.changeFailureRate()).isEqualTo(0.25);
        assertThat(dora.timeToRestoreMedian()).isEqualTo(Duration.ofHours(2).plusSeconds(30));
        assertThat(dora.leadTimeMedian()).isEqualTo(Duration.ofHours(1).plusSeconds(30)); // a, c, d; b never succeeded
    }

    @Test
    void selfHealRevertsReappliesAndDryRunsOfTheRevisionInTheClusterAreNotDeployments() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 3),
                sync("a", 1, SyncResult.SUCCEEDED, 1, Trigger.SELF_HEAL),
                sync("a", 2, SyncResult.SUCCEEDED, 1, Trigger.MANUAL),
                sync("a", 3, SyncResult.SUCCEEDED, 1, Trigger.WEBHOOK),
                sync("b", 4, SyncResult.SUCCEEDED, 1).withDryRun(true));
        assertThat(dora(history).deployments()).isEqualTo(1);
        assertThat(Deployments.classify(null, history)).extracting(Deployments.Classified::role).containsExactly(
                Deployments.Role.DEPLOYMENT, Deployments.Role.REAPPLY, Deployments.Role.REAPPLY, Deployments.Role.REAPPLY,
                Deployments.Role.NONE);

        List<SyncRecord> withCommit = new java.util.ArrayList<>(history);
        withCommit.add(sync("b", 5, SyncResult.SUCCEEDED, 1));
        assertThat(dora(withCommit).deployments()).isEqualTo(2);
    }

    @Test
    void aFailedSyncThatChangedNothingIsNotADeploymentItsRetryThatDoesIs() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 1, SyncResult.FAILED, 0),     // nothing reached the cluster
                sync("b", 2, SyncResult.SUCCEEDED, 2));
        Dora dora = dora(history);
        assertThat(dora.deployments()).isEqualTo(2);
        assertThat(dora.changeFailureRate()).isZero();
        assertThat(dora.timeToRestoreMedian()).isNull();
    }

    @Test
    void aSuccessfulRetryOfAFailedDeploymentRestoresAndEndsItsLeadTime() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 10, SyncResult.FAILED, 1),    // b reached the cluster half-applied
                sync("b", 12, SyncResult.SUCCEEDED, 1)); // the retry: the same revision, not a second deployment
        Dora dora = dora(history);
        assertThat(dora.deployments()).isEqualTo(2);
        assertThat(dora.failedDeployments()).isEqualTo(1);
        assertThat(dora.timeToRestoreMedian()).isEqualTo(Duration.ofHours(2).plusSeconds(30));
        // a: 1h 30s; b: committed at 9h, first succeeded at 12h 30s
        assertThat(dora.leadTimeMedian()).isEqualTo(Duration.ofHours(3).plusSeconds(30));
    }

    @Test
    void aRollbackIsARestoreNotADeploymentAndFailsTheDeploymentItUndid() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 10, SyncResult.SUCCEEDED, 1),
                sync("a", 11, SyncResult.SUCCEEDED, 1, Trigger.ROLLBACK),
                sync("a", 12, SyncResult.SUCCEEDED, 1, Trigger.SELF_HEAL), // drift under the pin
                sync("b", 20, SyncResult.SUCCEEDED, 1));                  // unpinned: b deployed again
        Dora dora = dora(history);
        assertThat(dora.deployments()).isEqualTo(3);
        assertThat(dora.failedDeployments()).isEqualTo(1);
        assertThat(dora.timeToRestoreMedian()).isEqualTo(Duration.ofHours(1).plusSeconds(30)); // b at 10h to 11h 30s
    }

    @Test
    void aNewRevisionThatChangedNothingIsNotADeploymentButIsWhatTheClusterRuns() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                sync("b", 1, SyncResult.SUCCEEDED, 0), // only README.md changed
                sync("b", 2, SyncResult.SUCCEEDED, 1, Trigger.MANUAL));
        assertThat(dora(history).deployments()).isEqualTo(1);
    }

    @Test
    void aRevisionTakenAsAppliedWithoutASyncIsNotDeployedByItsReapply() {
        List<SyncRecord> history = List.of(
                sync("a", 0, SyncResult.SUCCEEDED, 1),
                // b changed nothing here and was taken as applied without a record; then drift was re-applied by hand
                sync("b", 5, SyncResult.SUCCEEDED, 1, Trigger.MANUAL).withAppliedBefore("b"),
                sync("c", 6, SyncResult.SUCCEEDED, 1).withAppliedBefore("b"));
        assertThat(dora(history).deployments()).isEqualTo(2);
    }

    @Test
    void theBaselineClassifiesTheOldestKeptRecordAsItWasWhenNew() {
        List<SyncRecord> kept = List.of(sync("a", 0, SyncResult.SUCCEEDED, 1, Trigger.MANUAL),
                sync("b", 1, SyncResult.SUCCEEDED, 1));
        assertThat(Dora.of(new SyncHistory("prod", kept, "a"), sha -> null).deployments()).isEqualTo(1);
        assertThat(Dora.of(new SyncHistory("prod", kept, null), sha -> null).deployments()).isEqualTo(2);
        assertThat(Deployments.revisionAfter("z", kept)).isEqualTo("b");
    }

    @Test
    void storedRecordsAreOrderedByIdAndCarryTheirCommitTime() {
        SyncRecord first = sync("a", 5, SyncResult.SUCCEEDED, 1).withId(1).withCommittedAt(T0);
        SyncRecord second = sync("a", 0, SyncResult.SUCCEEDED, 1, Trigger.SELF_HEAL).withId(2); // clock went back
        Dora dora = Dora.of("prod", List.of(second, first), sha -> null);
        assertThat(dora.deployments()).isEqualTo(1);
        assertThat(dora.leadTimeMedian()).isEqualTo(Duration.ofHours(5).plusSeconds(30));
    }

    @Test
    void noDeploymentsNoMeasures() {
        Dora dora = Dora.of("prod", List.of(sync("a", 0, SyncResult.FAILED, 0)), sha -> null);
        assertThat(dora.deployments()).isZero();
        assertThat(dora.changeFailureRate()).isNull();
        assertThat(dora.leadTimeMedian()).isNull();
        assertThat(dora.syncs()).isEqualTo(1);
    }
}
