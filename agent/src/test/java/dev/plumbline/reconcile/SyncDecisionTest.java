package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyncDecisionTest {

    static EnvironmentPolicy policy(boolean auto, boolean selfHeal, boolean suspend) {
        var d = EnvironmentPolicy.Sync.defaults();
        return new EnvironmentPolicy("ns", new EnvironmentPolicy.Sync(auto, d.prune(), selfHeal, suspend, d.allowEmpty(),
                d.maxPrunePercent(), d.maxPruneCount(), d.waitTimeout()), null, List.of());
    }

    static EnvironmentControl applied(String sha) {
        return EnvironmentControl.empty().withLastAppliedRevision(sha);
    }

    @Test
    void autoFollowsTheHeadAndAppliesANewRevision() {
        var p = policy(true, true, false);
        SyncDecision d = SyncDecision.target(p, p, "b", applied("a"));
        assertThat(d.target()).isEqualTo("b");
        assertThat(d.pending()).isNull();
        SyncDecision s = d.given(p, applied("a"), true);
        assertThat(s.sync()).isTrue();
        assertThat(s.trigger()).isEqualTo(Trigger.POLL);
    }

    @Test
    void approvalGateKeepsTheAppliedRevisionAndReportsTheHeadAsPending() {
        var p = policy(false, true, false);
        SyncDecision d = SyncDecision.target(p, p, "b", applied("a"));
        assertThat(d.target()).isEqualTo("a");
        assertThat(d.pending()).isEqualTo("b");
        // drift on the applied revision is still reverted (selfHeal), but "b" is never applied by a cycle
        assertThat(d.given(p, applied("a"), true).sync()).isTrue();
        assertThat(d.given(p, applied("a"), true).trigger()).isEqualTo(Trigger.SELF_HEAL);
    }

    @Test
    void approvalGateOnAFreshClusterReportsTheHeadButAppliesNothing() {
        var p = policy(false, true, false);
        SyncDecision d = SyncDecision.target(p, p, "b", EnvironmentControl.empty());
        assertThat(d.target()).isEqualTo("b");
        assertThat(d.pending()).isEqualTo("b");
        SyncDecision s = d.given(p, EnvironmentControl.empty(), true);
        assertThat(s.sync()).isFalse();
        assertThat(s.reason()).isEqualTo("waiting for approval");
    }

    @Test
    void withoutSelfHealDriftIsReportedNotReverted() {
        var p = policy(true, false, false);
        SyncDecision s = SyncDecision.target(p, p, "a", applied("a")).given(p, applied("a"), true);
        assertThat(s.sync()).isFalse();
        assertThat(s.reason()).contains("selfHeal is off");
        // ... while a new revision still applies, every object not InSync included
        assertThat(SyncDecision.target(p, p, "b", applied("a")).given(p, applied("a"), true).sync()).isTrue();
    }

    @Test
    void suspendAppliesNothing() {
        var p = policy(true, true, true);
        assertThat(SyncDecision.target(p, p, "b", applied("a")).given(p, applied("a"), true).sync()).isFalse();
    }

    @Test
    void aPinHoldsTheEnvironmentAtThePinnedRevision() {
        var p = policy(true, true, false);
        EnvironmentControl pinned = applied("c").withPinnedRevision("a");
        SyncDecision d = SyncDecision.target(p, p, "c", pinned);
        assertThat(d.target()).isEqualTo("a");
        assertThat(d.pending()).isEqualTo("c");
        SyncDecision s = d.given(p, pinned, true);
        assertThat(s.sync()).isTrue();
        assertThat(s.trigger()).isEqualTo(Trigger.ROLLBACK);
    }

    @Test
    void aNewRevisionAlreadyInSyncIsMarkedAppliedOnlyWhenItMayBeApplied() {
        var auto = policy(true, false, false);
        assertThat(SyncDecision.target(auto, auto, "b", applied("a")).given(auto, applied("a"), false).markApplied()).isTrue();
        assertThat(SyncDecision.target(auto, auto, "a", applied("a")).given(auto, applied("a"), false).markApplied()).isFalse();
        var gated = policy(false, true, false);
        assertThat(SyncDecision.target(gated, gated, "b", applied("a")).given(gated, applied("a"), false).markApplied()).isFalse();
        var suspended = policy(true, true, true);
        assertThat(SyncDecision.target(suspended, suspended, "b", applied("a")).given(suspended, applied("a"), false).markApplied()).isFalse();
        EnvironmentControl pinned = applied("c").withPinnedRevision("a");
        assertThat(SyncDecision.target(gated, gated, "c", pinned).given(gated, pinned, false).markApplied()).isTrue();
        assertThat(SyncDecision.target(auto, auto, "b", applied("a")).given(auto, applied("a"), true).markApplied()).isFalse();
    }

    @Test
    void nothingHappensInSync() {
        var p = policy(true, true, false);
        assertThat(SyncDecision.target(p, p, "a", applied("a")).given(p, applied("a"), false).sync()).isFalse();
    }

    @Test
    void theGovernedHeadCannotOpenItsOwnGate() {
        var gated = policy(false, true, false);
        var opened = policy(true, true, false);
        SyncDecision d = SyncDecision.target(gated, opened, "b", applied("a"));
        assertThat(d.target()).isEqualTo("a");
        assertThat(d.pending()).isEqualTo("b");
        assertThat(d.policyChanges()).extracting(Object::toString).containsExactly("sync.auto: false -> true");
        assertThat(d.given(gated, applied("a"), true).trigger()).isEqualTo(Trigger.SELF_HEAL); // a's drift, not b
        assertThat(d.given(gated, applied("a"), false).markApplied()).isFalse();
    }

    @Test
    void aLooseningHeadWaitsEvenWhereAutoSyncIsApproved() {
        var auto = policy(true, false, false);
        var healing = policy(true, true, false);
        SyncDecision d = SyncDecision.target(auto, healing, "b", applied("a"));
        assertThat(d.target()).isEqualTo("a");
        assertThat(d.reason()).contains("sync.selfHeal");
        assertThat(SyncDecision.target(auto, healing, "b", EnvironmentControl.empty()).given(healing, EnvironmentControl.empty(), true).sync())
                .as("first sync: nothing approved yet, the head waits").isFalse();
    }

    @Test
    void tighteningNeedsNoApprovalAndAHeadTurningAutoOffHoldsItself() {
        var auto = policy(true, true, false);
        var noHeal = policy(true, false, false);
        SyncDecision d = SyncDecision.target(auto, noHeal, "b", applied("a"));
        assertThat(d.target()).isEqualTo("b");
        assertThat(d.policyChanges()).isEmpty();
        assertThat(d.given(noHeal, applied("a"), true).sync()).isTrue();
        var gated = policy(false, true, false);
        SyncDecision held = SyncDecision.target(auto, gated, "b", applied("a"));
        assertThat(held.target()).isEqualTo("a");
        assertThat(held.policyChanges()).isEmpty();
        assertThat(held.reason()).isEqualTo("waiting for approval");
    }

    @Test
    void aRolledBackRevisionIsNotRetriedUntilANewCommit() {
        var p = policy(true, true, false);
        EnvironmentControl rolledBack = applied("a").withFailedRevision("b");
        SyncDecision held = SyncDecision.target(p, p, "b", rolledBack);
        assertThat(held.target()).isEqualTo("a");
        assertThat(held.pending()).isEqualTo("b");
        assertThat(held.reason()).isEqualTo("revision b was rolled back (Degraded); waiting for a new commit or a sync naming it");
        assertThat(held.given(p, rolledBack, false).sync()).isFalse();
        SyncDecision next = SyncDecision.target(p, p, "c", rolledBack);
        assertThat(next.target()).isEqualTo("c");
        assertThat(next.given(p, rolledBack, true).sync()).isTrue();
    }
}
