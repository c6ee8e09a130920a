package dev.plumbline.reconcile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.health.HealthSummary;
import dev.plumbline.history.SyncRecord;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One environment's drift report: what was compared (revision), when, the verdict counts and per-object entries,
 * health, the approval gate, and the last sync. When a fetch or render fails, the last good entries stay,
 * {@code stale} is true and {@code error} says why.
 *
 * @param status   {@code Synced} (every object InSync), {@code OutOfSync}, {@code Conflict} (another source owns the
 *                 environment: {@code error} names both, nothing is compared or synced), or {@code Unknown} before
 *                 the first check
 * @param problems {@code file:line: message} of a failed render, else empty
 * @param gate     which revision the environment converges to and why; {@code null} for a one-shot CLI check
 * @param backoff  set by the schedule while cycles keep failing; {@code null} after a successful one
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnvironmentReport(String environment, RevisionInfo revision, Instant checkedAt, String status,
                                boolean stale, String error, List<String> problems, Map<Verdict, Integer> counts,
                                HealthSummary health, Gate gate, SyncRecord lastSync, Backoff backoff, List<DriftEntry> entries) {

    /**
     * @param target      the revision converged to
     * @param pending     the branch head when it waits (approval gate or pin), else null
     * @param pinned      the pinned revision, else null
     * @param lastApplied the last revision a sync applied
     * @param decision    what the last cycle decided, e.g. "waiting for approval", "in sync", "suspended"
     * @param policyChanges the gate keys the pending revision loosens against the approved policy (it waits for an
     *                      approval naming it); empty when none
     * @param promotion     where the pending revision stands at the promotion gate (which environment, how long, how
     *                      long left); {@code null} when no promotion holds a revision
     */
    public record Gate(String target, String pending, String pinned, String lastApplied, String decision,
                       List<dev.plumbline.config.PolicyChange> policyChanges, Soak promotion) {

        public Gate {
            policyChanges = policyChanges == null ? List.of() : List.copyOf(policyChanges);
        }

        public Gate(String target, String pending, String pinned, String lastApplied, String decision,
                    List<dev.plumbline.config.PolicyChange> policyChanges) {
            this(target, pending, pinned, lastApplied, decision, policyChanges, null);
        }
    }

    /**
     * The schedule slows down after consecutive failed cycles (a failed fetch or render, an unreachable cluster):
     * the next scheduled run waits {@code min(interval × 2^failures, max-backoff)}. Webhooks and self-heal still run
     * at once.
     *
     * @param consecutiveFailures failed cycles in a row
     * @param nextRunAt           when the schedule runs the environment next
     */
    public record Backoff(int consecutiveFailures, Instant nextRunAt) {
    }

    public static final String CONFLICT = "Conflict";

    public EnvironmentReport {
        problems = List.copyOf(problems);
        entries = List.copyOf(entries);
    }

    public static EnvironmentReport unknown(String environment) {
        return new EnvironmentReport(environment, null, null, "Unknown", false, null, List.of(), counts(List.of()),
                null, null, null, null, List.of());
    }

    public static EnvironmentReport of(String environment, RevisionInfo revision, Instant checkedAt, List<DriftEntry> entries) {
        Map<Verdict, Integer> counts = counts(entries);
        boolean synced = counts.get(Verdict.InSync) == entries.size();
        return new EnvironmentReport(environment, revision, checkedAt, synced ? "Synced" : "OutOfSync", false, null,
                List.of(), counts, null, null, null, null, entries);
    }

    /** Another source owns the environment ({@code message} names both): no entries, nothing compared. */
    public static EnvironmentReport conflict(String environment, RevisionInfo revision, Instant checkedAt, String message) {
        return new EnvironmentReport(environment, revision, checkedAt, CONFLICT, false, message, List.of(), counts(List.of()),
                null, null, null, null, List.of());
    }

    /** Whether another source owns the environment (see {@link #conflict}). */
    @JsonIgnore
    public boolean conflicted() {
        return CONFLICT.equals(status);
    }

    /** The previous report, marked stale, with the error that stopped this check. */
    public EnvironmentReport failed(Instant at, String message, List<String> renderProblems) {
        return new EnvironmentReport(environment, revision, checkedAt == null ? at : checkedAt,
                revision == null ? "Unknown" : status, true, message, renderProblems, counts, health, gate, lastSync, backoff, entries);
    }

    public EnvironmentReport withHealth(HealthSummary summary) {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, summary, gate, lastSync, backoff, entries);
    }

    public EnvironmentReport withGate(Gate newGate) {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, health, newGate, lastSync, backoff, entries);
    }

    public EnvironmentReport withLastSync(SyncRecord record) {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, health, gate, record, backoff, entries);
    }

    public EnvironmentReport withBackoff(Backoff value) {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, health, gate, lastSync, value, entries);
    }

    /** True when any entry is not InSync (Orphaned included), as {@code kubectl diff} counts drift. */
    @JsonIgnore
    public boolean drifted() {
        return entries.stream().anyMatch(e -> e.status() != Verdict.InSync);
    }

    /** The same report without per-object entries (list views). */
    public EnvironmentReport summary() {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, health, gate, lastSync, backoff, List.of());
    }

    static Map<Verdict, Integer> counts(List<DriftEntry> entries) {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        entries.forEach(e -> counts.merge(e.status(), 1, Integer::sum));
        return counts;
    }
}
