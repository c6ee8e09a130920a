package dev.plumbline.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one Kubernetes Event a sync leaves, as Argo CD and Flux leave one on their Application or Kustomization rather
 * than one on every object: a write per object doubled a cold sync's requests (issue 17). Per-object outcomes stay
 * data, in the ChangeSet (CLI output, the history, the API). Pure: the {@link SyncEngine} writes it on the
 * environment's inventory head.
 *
 * <pre>{@code
 * Normal   Synced       production@3f2a9c1: 60 created, 2 configured, 10 unchanged, 1 pruned
 * Warning  SyncFailed   production@3f2a9c1: 1 configured, 3 unchanged, 1 skipped, 1 failed; failed: Job/shop/migrate:
 *                       Job/shop/migrate apply failed: HTTP 422: ... field is immutable
 * Warning  SyncStopped  production@3f2a9c1: stopped, nothing applied or pruned: prune guard: 12 of 20 objects ...
 * }</pre>
 *
 * @param type    {@code Normal} or {@code Warning}
 * @param reason  {@code Synced}, {@code SyncFailed} or {@code SyncStopped}
 * @param message the environment and revision, the count per action, and the first failures by {@code Kind/ns/name}
 */
record SyncSummary(String type, String reason, String message) {

    /** Failures named in the message; the ChangeSet has them all. */
    static final int FIRST_FAILURES = 5;

    /**
     * The summary of {@code changes}; none for a dry run (it wrote nothing) and none for a sync that changed nothing
     * and failed in nothing (every object unchanged or skipped: no noise from a sync that did nothing).
     */
    static Optional<SyncSummary> of(ChangeSet changes) {
        if (changes.dryRun()) {
            return Optional.empty();
        }
        String head = changes.environment() + "@" + changes.revision() + ": ";
        if (changes.guard() != null) {
            return Optional.of(new SyncSummary("Warning", "SyncStopped",
                    head + "stopped, nothing applied or pruned: " + changes.guard()));
        }
        Map<Action, Integer> counts = changes.summary();
        List<ChangeEntry> failed = changes.withAction(Action.FAILED);
        boolean changed = counts.containsKey(Action.CREATED) || counts.containsKey(Action.CONFIGURED)
                || counts.containsKey(Action.PRUNED) || counts.containsKey(Action.PRUNING);
        if (!changed && failed.isEmpty()) {
            return Optional.empty();
        }
        String summary = head + counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().json())
                .collect(Collectors.joining(", "));
        if (failed.isEmpty()) {
            return Optional.of(new SyncSummary("Normal", "Synced", summary));
        }
        String named = failed.stream().limit(FIRST_FAILURES).map(e -> e.key() + (e.reason() == null ? "" : ": " + e.reason()))
                .collect(Collectors.joining("; "));
        String more = failed.size() > FIRST_FAILURES ? "; and " + (failed.size() - FIRST_FAILURES) + " more" : "";
        return Optional.of(new SyncSummary("Warning", "SyncFailed", summary + "; failed: " + named + more));
    }
}
