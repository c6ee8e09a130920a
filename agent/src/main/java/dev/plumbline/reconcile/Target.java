package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.Trigger;
import dev.plumbline.sync.SyncOptions;

import java.util.List;

/**
 * One run of the reconcile pipeline with its target chosen once: by the gate for a scheduled cycle
 * ({@link SyncDecision}), by the request for a manual sync ({@link ManualSync}). From there both run the same steps
 * (see {@link Reconciler}); what differs is answered here: whether the run syncs, with which options and trigger.
 *
 * @param head     the branch head when the run started
 * @param snapshot the revision the run converges to
 * @param decision the gate's decision for a cycle; {@code null} for a manual sync
 * @param request  the manual sync asked for; {@code null} for a cycle
 * @param trigger  a cycle's cause (poll, webhook, …); a manual sync's kind (manual, approval, rollback)
 */
record Target(Snapshot head, Snapshot snapshot, SyncDecision decision, ManualSync request, Trigger trigger) {

    static Target scheduled(Snapshot head, Snapshot snapshot, SyncDecision decision, Trigger cause) {
        return new Target(head, snapshot, decision, null, cause);
    }

    static Target requested(Snapshot head, Snapshot snapshot, ManualSync request, Trigger trigger) {
        return new Target(head, snapshot, null, request, trigger);
    }

    /** Someone asked for this sync: it runs whatever the drift, and a conflict is reported by the sync itself. */
    boolean requested() {
        return request != null;
    }

    boolean dryRun() {
        return request != null && request.dryRun();
    }

    /** Whether this run syncs, given the target's own policy (operator limits applied) and its drift check. */
    SyncDecision next(EnvironmentPolicy policy, EnvironmentControl control, boolean drifted) {
        if (request != null) {
            return new SyncDecision(snapshot.revision().sha(), null, true, trigger, "requested", false, false, List.of());
        }
        return decision.given(policy, control, drifted);
    }

    /** The sync's trigger: a webhook's cycle stays a webhook's unless the gate names a more specific cause. */
    Trigger trigger(SyncDecision next) {
        return trigger == Trigger.WEBHOOK && next.trigger() == Trigger.POLL ? Trigger.WEBHOOK : next.trigger();
    }

    /** The sync's options: the environment's, with what the request overrides. */
    SyncOptions options(SyncOptions environment) {
        if (request == null) {
            return environment;
        }
        SyncOptions options = environment.withDryRun(request.dryRun()).withPrune(request.prune())
                .withConfirmPrune(request.confirmPrune());
        return request.listener() == null ? options : options.withListener(request.listener());
    }
}
