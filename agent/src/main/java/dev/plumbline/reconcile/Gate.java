package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;
import dev.plumbline.render.RenderException;
import dev.plumbline.source.SourceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gate: which revision an environment converges to, the branch head judged by the approved policy (see
 * {@link SyncDecision}, {@link ApprovedPolicy}), and the target of a manual sync. The decision needs the head's policy
 * only, read from its {@code plumbline.yaml} alone; the head is rendered once, as the target when it is one, else to
 * validate it while it waits (see {@link #decide}).
 */
final class Gate {

    private static final Logger LOG = LoggerFactory.getLogger(Gate.class);

    private final RevisionSource source;
    private final ApprovedPolicy approved;
    private final Renders renders;
    private final Function<String, EnvironmentLimits> limits;
    private final HeldInventory inventory;
    private final Convergence convergence;
    private final Promotions promotions;

    Gate(RevisionSource source, Renders renders, Function<String, EnvironmentLimits> limits, HeldInventory inventory,
         Convergence convergence, Promotions promotions) {
        this.promotions = promotions;
        this.source = source;
        this.approved = new ApprovedPolicy(source);
        this.renders = renders;
        this.limits = limits;
        this.inventory = inventory;
        this.convergence = convergence;
    }

    /**
     * The target of a manual sync: the revision it names (an approval, which must name the head; or a pin, recorded
     * unless it is a dry run or another source owns the environment), else the gate's (a re-apply). An approval of a
     * head that a promotion's soak still holds is recorded and runs as a cycle: nothing is applied until the soak ends.
     */
    Target requested(EnvironmentState state, Snapshot head, EnvironmentControl control, ManualSync request) {
        if (request.revision() == null) {
            SyncDecision decision = decide(state, head, control);
            return Target.requested(head, at(decision.target(), head), request, Trigger.MANUAL);
        }
        Snapshot target = source.at(request.revision());
        String sha = target.revision().sha();
        if (!request.pin() && !sha.equals(head.revision().sha())) {
            throw new RevisionMovedException(state.environment(), request.revision(), head.revision().shortSha());
        }
        if (!request.dryRun() && inventory.ownership(state).isEmpty()) { // another source's gate is not ours to open
            // A pin (rollback) withdraws a standing approval: once unpinned, the head waits to be approved again.
            convergence.updateControl(state, c -> request.pin() ? c.withPinnedRevision(sha).withApprovedRevision(null)
                    : c.withApprovedRevision(sha));
            if (!request.pin() && renders.policy(state, head).promotion() != null) {
                SyncDecision decision = decide(state, head, convergence.control(state));
                if (decision.promotion() != null && !decision.promotion().satisfied()) {
                    // Approved before the soak ended: the approval is recorded and the cycle that finds the soak
                    // complete applies the head (trigger approval); until then nothing is applied.
                    return Target.scheduled(head, at(decision.target(), head), decision, Trigger.APPROVAL);
                }
            }
        }
        return Target.requested(head, target, request, request.pin() ? Trigger.ROLLBACK : Trigger.APPROVAL);
    }

    /** The snapshot of {@code sha}: the head itself when it is the head. */
    Snapshot at(String sha, Snapshot head) {
        return sha.equals(head.revision().sha()) ? head : source.at(sha);
    }

    /**
     * The target of a scheduled cycle (or of a manual sync that names no revision). The head's policy is its
     * {@code plumbline.yaml} parsed alone; a head that waits (pinned, or for an approval) is rendered to be validated.
     */
    SyncDecision decide(EnvironmentState state, Snapshot head, EnvironmentControl control) {
        SyncDecision decision = decide(state, head.revision().sha(), control, () -> renders.policy(state, head));
        if (!decision.target().equals(head.revision().sha())) {
            // The pending head is rendered all the same, though nothing converges to it yet: a head that does not render,
            // or asks for what the operator's limits refuse, fails the check now, so the operator learns it before
            // approving it (GateIT.operatorLimitsBoundWhatGitMayAskFor). Kept per revision: once per new head.
            renders.render(state, head);
        }
        return decision;
    }

    private SyncDecision decide(EnvironmentState state, String head, EnvironmentControl control,
                                Supplier<EnvironmentPolicy> headPolicy) {
        EnvironmentLimits limits = this.limits.apply(state.environment());
        if (inventory.ownership(state).isPresent()) {
            // another source's environment: its pin and last applied revision name commits of that source, which this
            // one may not even have; look at the head only (the check then reports the Conflict, nothing moves)
            return new SyncDecision(head, null, false, Trigger.POLL,
                    "another source owns the environment", false, false, List.of());
        }
        control = claimable(state, control);
        EnvironmentPolicy governing = approved.governing(state.environment(), control.lastAppliedRevision(), limits);
        return SyncDecision.target(governing, limits.govern(headPolicy.get()), head, control,
                promotion -> promotions.judge(promotion, head));
    }

    /**
     * The gate for the report after a manual sync: a head that does not render (the reason to roll back) waits like
     * any unapproved head, instead of failing a sync that has already been applied. Here the head is judged by its
     * full render (kept when the sync's target was the head), so a head whose manifests are broken is held too.
     */
    SyncDecision afterSync(EnvironmentState state, Snapshot head, EnvironmentControl control) {
        try {
            return decide(state, head.revision().sha(), control,
                    () -> renders.render(state, head).policy());
        } catch (RenderException e) {
            EnvironmentLimits limits = this.limits.apply(state.environment());
            EnvironmentPolicy governing = approved.governing(state.environment(), control.lastAppliedRevision(), limits);
            EnvironmentPolicy held = new EnvironmentLimits(null, null, true).govern(governing);
            return SyncDecision.target(governing, held, head.revision().sha(), control,
                    promotion -> promotions.judge(promotion, head.revision().sha()));
        }
    }

    /**
     * An environment no source owns (released by an operator, or written by an earlier release) whose recorded
     * revisions this source does not have was another source's: its approvals, pin and last applied revision do not
     * carry over, so this source starts as on a first sync (the agent configuration governs). An owned environment
     * whose last applied commit vanished (force-push) keeps its state and holds (see {@link ApprovedPolicy}).
     */
    private EnvironmentControl claimable(EnvironmentState state, EnvironmentControl control) {
        if (state.inventory() == null || state.inventory().owner() != null || control.lastAppliedRevision() == null) {
            return control;
        }
        try {
            source.at(control.lastAppliedRevision());
            return control;
        } catch (SourceException e) {
            LOG.info("{}: unowned, and its last applied revision {} is not in this source: starting as a first sync",
                    state.environment(), control.lastAppliedRevision());
            return EnvironmentControl.empty();
        }
    }
}
