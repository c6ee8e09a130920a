package dev.plumbline.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One environment's drift report: what was compared (revision), when, the verdict counts and per-object entries.
 * When a fetch or render fails, the last good entries stay, {@code stale} is true and {@code error} says why.
 *
 * @param status    {@code Synced} (every object InSync), {@code OutOfSync}, or {@code Unknown} before the first check
 * @param problems  {@code file:line: message} of a failed render, else empty
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EnvironmentReport(String environment, RevisionInfo revision, Instant checkedAt, String status,
                                boolean stale, String error, List<String> problems, Map<Verdict, Integer> counts,
                                List<DriftEntry> entries) {

    public static EnvironmentReport unknown(String environment) {
        return new EnvironmentReport(environment, null, null, "Unknown", false, null, List.of(), counts(List.of()), List.of());
    }

    public static EnvironmentReport of(String environment, RevisionInfo revision, Instant checkedAt, List<DriftEntry> entries) {
        Map<Verdict, Integer> counts = counts(entries);
        boolean synced = counts.get(Verdict.InSync) == entries.size();
        return new EnvironmentReport(environment, revision, checkedAt, synced ? "Synced" : "OutOfSync", false, null,
                List.of(), counts, List.copyOf(entries));
    }

    /** The previous report, marked stale, with the error that stopped this check. */
    public EnvironmentReport failed(Instant at, String message, List<String> renderProblems) {
        return new EnvironmentReport(environment, revision, checkedAt == null ? at : checkedAt,
                revision == null ? "Unknown" : status, true, message, List.copyOf(renderProblems), counts, entries);
    }

    /** True when any entry is not InSync (Orphaned included), as {@code kubectl diff} counts drift. */
    public boolean drifted() {
        return entries.stream().anyMatch(e -> e.status() != Verdict.InSync);
    }

    /** The same report without per-object entries (list views). */
    public EnvironmentReport summary() {
        return new EnvironmentReport(environment, revision, checkedAt, status, stale, error, problems, counts, List.of());
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
