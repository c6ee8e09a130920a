package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;

/**
 * What a scheduled cycle converges to, and whether it syncs. Pure, so every rule has a unit test:
 * <ul>
 *   <li>target: the pinned revision; else the branch head when {@code sync.auto}; else the last applied revision
 *       (the head waits for approval, reported as pending), or the head before anything was ever applied;</li>
 *   <li>a new target is applied when {@code auto} (trigger poll) or pinned (trigger rollback) — never when it waits
 *       for approval; a new target that changes nothing in the cluster (e.g. only {@code plumbline.yaml}) is applied
 *       as it stands ({@link #markApplied}), or later drift would count as a "new revision";</li>
 *   <li>drift on the applied target is reverted only with {@code selfHeal} (Argo CD's and Flux's rule); without it,
 *       drift waits for the next sync, which applies every object not InSync;</li>
 *   <li>{@code suspend} applies nothing; drift is still reported.</li>
 * </ul>
 *
 * @param markApplied record {@link #target} as the last applied revision without a sync: it is already in the cluster
 */
public record SyncDecision(String target, String pending, boolean sync, Trigger trigger, String reason, boolean markApplied) {

    public static SyncDecision target(EnvironmentPolicy policy, String head, EnvironmentControl control) {
        if (control.pinned()) {
            String pending = head.equals(control.pinnedRevision()) ? null : head;
            return new SyncDecision(control.pinnedRevision(), pending, false, Trigger.ROLLBACK, "pinned", false);
        }
        if (policy.sync().auto() || control.lastAppliedRevision() == null) {
            String pending = policy.sync().auto() ? null : head;
            return new SyncDecision(head, pending, false, Trigger.POLL,
                    policy.sync().auto() ? "following the branch" : "waiting for approval", false);
        }
        String pending = head.equals(control.lastAppliedRevision()) ? null : head;
        return new SyncDecision(control.lastAppliedRevision(), pending, false, Trigger.POLL, "waiting for approval", false);
    }

    /** Whether the cycle syncs, given the drift check of {@link #target()}. */
    public SyncDecision given(EnvironmentPolicy policy, EnvironmentControl control, boolean drifted) {
        if (policy.sync().suspend()) {
            return next(false, trigger, "suspended", false);
        }
        boolean newTarget = !target.equals(control.lastAppliedRevision());
        boolean allowed = control.pinned() || policy.sync().auto();
        if (!drifted) {
            String why = pending == null ? "in sync" : control.pinned() ? "pinned" : "waiting for approval";
            return next(false, trigger, why, newTarget && allowed);
        }
        if (newTarget) {
            return next(allowed, control.pinned() ? Trigger.ROLLBACK : Trigger.POLL,
                    allowed ? "new revision" : "waiting for approval", false);
        }
        return policy.sync().selfHeal()
                ? next(true, Trigger.SELF_HEAL, "drift on the applied revision", false)
                : next(false, trigger, "drift reported; selfHeal is off", false);
    }

    private SyncDecision next(boolean doSync, Trigger why, String text, boolean applied) {
        return new SyncDecision(target, pending, doSync, why, text, applied);
    }
}
