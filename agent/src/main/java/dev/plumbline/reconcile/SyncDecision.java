package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.GateKeys;
import dev.plumbline.config.PolicyChange;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;

import java.util.List;
import java.util.function.Function;

/**
 * What a scheduled cycle converges to, and whether it syncs. Pure, so every rule has a unit test:
 * <ul>
 *   <li>the gate is decided by what was approved: the <b>governing</b> policy is the one of the last applied revision
 *       (before any, the agent configuration's), never the unapproved head's own — else a commit could open its own
 *       gate;</li>
 *   <li>a head whose policy loosens a gate key ({@link GateKeys}) waits for an approval naming it whatever any policy
 *       says; the report lists the {@link #policyChanges}. Tightening needs no approval;</li>
 *   <li>target: the pinned revision; else the branch head when both the governing policy and the head's have
 *       {@code sync.auto} and the head loosens nothing; else the last applied revision (the head waits for approval, reported as pending), or the
 *       head before anything was ever applied;</li>
 *   <li>a new target is applied when allowed (trigger poll) or pinned (trigger rollback) — never when it waits for
 *       approval; a new target that changes nothing in the cluster (e.g. only {@code plumbline.yaml}) is applied as it
 *       stands ({@link #markApplied}), or later drift would count as a "new revision";</li>
 *   <li>drift on the applied target is reverted only with {@code selfHeal} (Argo CD's and Flux's rule); without it,
 *       drift waits for the next sync, which applies every object not InSync;</li>
 *   <li>{@code suspend} applies nothing; drift is still reported;</li>
 *   <li>an approval recorded for the head ({@code approvedRevision}, while it waited for a promotion's soak) opens the
 *       approval gate for that head as an approval sync would have;</li>
 *   <li>a head rolled back because it turned Degraded ({@code failedRevision}) is held like an unapproved one until a
 *       new commit moves the head or a sync names it;</li>
 *   <li>{@code promotion}: a new head passes only once its {@link Soak} is satisfied, on top of the rules above (an
 *       approval before the soak ends still waits for it). The promotion is the head's own when the head loosens nothing
 *       or is approved, else the approved one's: a commit cannot drop or shorten the soak that holds it.</li>
 * </ul>
 *
 * @param markApplied   record {@link #target} as the last applied revision without a sync: it is already in the cluster
 * @param follows       a new target may be applied without an approval (governing auto sync, nothing loosened)
 * @param policyChanges the gate keys the pending head loosens; empty when none or nothing is pending
 * @param promotion     where the pending head stands at the promotion gate; {@code null}: no promotion applies
 */
public record SyncDecision(String target, String pending, boolean sync, Trigger trigger, String reason, boolean markApplied,
                           boolean follows, List<PolicyChange> policyChanges, Soak promotion) {

    public SyncDecision {
        policyChanges = policyChanges == null ? List.of() : List.copyOf(policyChanges);
    }

    /** A decision no promotion bears on. */
    public SyncDecision(String target, String pending, boolean sync, Trigger trigger, String reason, boolean markApplied,
                        boolean follows, List<PolicyChange> policyChanges) {
        this(target, pending, sync, trigger, reason, markApplied, follows, policyChanges, null);
    }

    /** As {@link #target(EnvironmentPolicy, EnvironmentPolicy, String, EnvironmentControl, Function)}, no promotion. */
    public static SyncDecision target(EnvironmentPolicy governing, EnvironmentPolicy headPolicy, String head,
                                      EnvironmentControl control) {
        return target(governing, headPolicy, head, control, p -> {
            throw new IllegalArgumentException("promotion " + p + " needs a soak judge");
        });
    }

    /**
     * @param governing  the policy of the last applied revision (or the agent configuration's before the first sync),
     *                   operator limits applied
     * @param headPolicy the head's own policy, operator limits applied
     * @param soaks      judges the head at a promotion gate (reads the other environment's persisted state)
     */
    public static SyncDecision target(EnvironmentPolicy governing, EnvironmentPolicy headPolicy, String head,
                                      EnvironmentControl control, Function<EnvironmentPolicy.Promotion, Soak> soaks) {
        boolean headApplied = head.equals(control.lastAppliedRevision()) || head.equals(control.pinnedRevision());
        List<PolicyChange> changes = headApplied ? List.of() : GateKeys.loosened(governing, headPolicy);
        String waiting = changes.isEmpty() ? "waiting for approval"
                : "waiting for approval: the revision loosens " + changes.stream().map(PolicyChange::key).toList();
        if (control.pinned()) {
            String pending = head.equals(control.pinnedRevision()) ? null : head;
            return new SyncDecision(control.pinnedRevision(), pending, false, Trigger.ROLLBACK, "pinned", false, false, changes);
        }
        if (!headApplied && head.equals(control.failedRevision()) && control.lastAppliedRevision() != null) {
            // rolled back (sync.rollbackOnDegraded): not retried until a new commit or a sync naming it
            return new SyncDecision(control.lastAppliedRevision(), head, false, Trigger.POLL, "revision "
                    + head.substring(0, Math.min(7, head.length())) + " was rolled back (Degraded); waiting for a new commit"
                    + " or a sync naming it", false, false, changes);
        }
        boolean approved = !headApplied && head.equals(control.approvedRevision());
        // Both must allow it: a head turning auto sync off is held by its own gate, as a first revision with auto: false.
        boolean auto = governing.sync().auto() && headPolicy.sync().auto() && changes.isEmpty();
        EnvironmentPolicy.Promotion promotion = changes.isEmpty() || approved || governing.promotion() == null
                ? headPolicy.promotion() : governing.promotion();
        Soak soak = promotion == null || headApplied ? null : soaks.apply(promotion);
        boolean opened = auto || approved;
        boolean follows = opened && (soak == null || soak.satisfied());
        String reason = follows ? (auto ? "following the branch" : "approved")
                : soak == null || soak.satisfied() ? waiting
                : opened ? soak.message() : waiting + "; " + soak.message();
        Trigger trigger = approved && !auto ? Trigger.APPROVAL : Trigger.POLL;
        if (follows || control.lastAppliedRevision() == null) {
            return new SyncDecision(head, follows ? null : head, false, trigger, reason, false, follows, changes, soak);
        }
        String pending = headApplied ? null : head;
        return new SyncDecision(control.lastAppliedRevision(), pending, false, trigger, reason, false, false, changes, soak);
    }

    /** Whether the cycle syncs, given the target's own policy and the drift check of {@link #target()}. */
    public SyncDecision given(EnvironmentPolicy policy, EnvironmentControl control, boolean drifted) {
        if (policy.sync().suspend()) {
            return next(false, trigger, "suspended", false);
        }
        boolean newTarget = !target.equals(control.lastAppliedRevision());
        boolean allowed = control.pinned() || follows;
        if (!drifted) {
            String why = pending == null ? "in sync" : control.pinned() ? "pinned" : reason;
            return next(false, trigger, why, newTarget && allowed);
        }
        if (newTarget) {
            return next(allowed, control.pinned() ? Trigger.ROLLBACK : trigger, allowed ? "new revision" : reason, false);
        }
        return policy.sync().selfHeal()
                ? next(true, Trigger.SELF_HEAL, "drift on the applied revision", false)
                : next(false, trigger, "drift reported; selfHeal is off", false);
    }

    /**
     * A rollout began for a target that drifted nothing (blue-green holds the stable state as it is): the start is
     * synced and recorded like any new revision, so DORA counts it as a deployment and a rollback of it as a failure.
     * Only a decision that would have marked its target applied becomes a sync.
     */
    SyncDecision rolloutBegins() {
        return markApplied ? next(true, trigger, "new revision (a rollout begins)", false) : this;
    }

    private SyncDecision next(boolean doSync, Trigger why, String text, boolean applied) {
        return new SyncDecision(target, pending, doSync, why, text, applied, follows, policyChanges, promotion);
    }
}
