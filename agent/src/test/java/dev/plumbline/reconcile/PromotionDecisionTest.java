package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SyncDecision} at a promotion gate: the soak composes with auto sync, the approval gate and gate keys. */
class PromotionDecisionTest {

    static final EnvironmentPolicy.Promotion SOAK = new EnvironmentPolicy.Promotion("staging", Duration.ofMinutes(10), 2);

    static EnvironmentPolicy policy(boolean auto, EnvironmentPolicy.Promotion promotion) {
        return SyncDecisionTest.policy(auto, true, false).withPromotion(promotion);
    }

    static Soak soak(boolean satisfied) {
        return new Soak("staging", "b", SOAK.soak(), null, satisfied ? Duration.ZERO : Duration.ofMinutes(4), satisfied,
                satisfied ? "staging ran b healthy for 10m" : "waiting for staging to run b healthy for 10m: 4m left");
    }

    static final EnvironmentControl APPLIED_A = SyncDecisionTest.applied("a");

    @Test
    void anAutoEnvironmentWaitsForTheSoakThenFollows() {
        var p = policy(true, SOAK);
        SyncDecision waiting = SyncDecision.target(p, p, "b", APPLIED_A, x -> soak(false));
        assertThat(waiting.target()).isEqualTo("a");
        assertThat(waiting.pending()).isEqualTo("b");
        assertThat(waiting.reason()).isEqualTo("waiting for staging to run b healthy for 10m: 4m left");
        assertThat(waiting.promotion().remaining()).isEqualTo(Duration.ofMinutes(4));
        assertThat(waiting.given(p, APPLIED_A, false).sync()).isFalse();
        assertThat(waiting.given(p, APPLIED_A, false).markApplied()).as("b is not applied, not even marked").isFalse();

        SyncDecision soaked = SyncDecision.target(p, p, "b", APPLIED_A, x -> soak(true));
        assertThat(soaked.target()).isEqualTo("b");
        assertThat(soaked.given(p, APPLIED_A, true).sync()).isTrue();
    }

    @Test
    void anApprovalBeforeTheSoakEndsStillWaitsThenSyncsAsAnApproval() {
        var p = policy(false, SOAK);
        EnvironmentControl approved = APPLIED_A.withApprovedRevision("b");
        assertThat(SyncDecision.target(p, p, "b", APPLIED_A, x -> soak(true)).reason())
                .as("soaked but not approved").isEqualTo("waiting for approval");
        SyncDecision waiting = SyncDecision.target(p, p, "b", approved, x -> soak(false));
        assertThat(waiting.target()).as("b is not applied yet").isEqualTo("a");
        assertThat(waiting.given(p, approved, false).sync()).isFalse();
        assertThat(waiting.reason()).startsWith("waiting for staging to run b");
        SyncDecision both = SyncDecision.target(p, p, "b", approved, x -> soak(true));
        SyncDecision next = both.given(p, approved, true);
        assertThat(next.sync()).isTrue();
        assertThat(next.trigger()).isEqualTo(Trigger.APPROVAL);
    }

    @Test
    void notApprovedAndNotSoakedSaysBoth() {
        var p = policy(false, SOAK);
        assertThat(SyncDecision.target(p, p, "b", APPLIED_A, x -> soak(false)).reason())
                .isEqualTo("waiting for approval; waiting for staging to run b healthy for 10m: 4m left");
    }

    @Test
    void aHeadDroppingThePromotionIsHeldByTheApprovedOneUntilApproved() {
        var governing = policy(true, SOAK);
        var head = policy(true, null);
        List<EnvironmentPolicy.Promotion> judged = new ArrayList<>();
        Function<EnvironmentPolicy.Promotion, Soak> judge = x -> {
            judged.add(x);
            return soak(false);
        };
        SyncDecision d = SyncDecision.target(governing, head, "b", APPLIED_A, judge);
        assertThat(d.follows()).isFalse();
        assertThat(d.policyChanges()).extracting(c -> c.key()).containsExactly("promotion");
        assertThat(judged).containsExactly(SOAK);
        // approved: the approver saw the promotion go, so the head's own policy (none) applies
        EnvironmentControl approved = APPLIED_A.withApprovedRevision("b");
        assertThat(SyncDecision.target(governing, head, "b", approved, judge).given(head, approved, true).sync()).isTrue();
    }

    @Test
    void anAppliedHeadOrAPinIsNotJudgedAgain() {
        var p = policy(true, SOAK);
        Function<EnvironmentPolicy.Promotion, Soak> never = x -> {
            throw new AssertionError("judged");
        };
        assertThat(SyncDecision.target(p, p, "a", APPLIED_A, never).promotion()).isNull();
        assertThat(SyncDecision.target(p, p, "b", APPLIED_A.withPinnedRevision("a"), never).target()).isEqualTo("a");
    }
}
