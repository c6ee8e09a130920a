package dev.plumbline.history;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One sync as history remembers it. Independent of the sync package: the ChangeSet arrives as counts per action.
 *
 * @param id              assigned by {@link HistoryStore#append}: 1, 2, 3, ... per environment, never reused (0 before)
 * @param revision        the commit SHA synced
 * @param revisionSubject the commit's subject line, for humans
 * @param summary         objects per action, e.g. {@code {"created":3,"configured":1,"unchanged":10,"pruned":0,"failed":0}}
 * @param health          the environment's health word after the sync ({@code Healthy}, ...), {@code null} if not assessed
 * @param message         the error or guard text; {@code null} when there is nothing to say
 * @param dryRun          nothing was changed; the summary is what would have been
 * @param committedAt     the revision's commit time, for lead time without asking Git again (absent in records
 *                        written before it existed)
 * @param appliedBefore   the environment's last applied revision when the sync started: a revision can become applied
 *                        without a sync (a commit that changes nothing in this environment), so the records alone do
 *                        not always know it ({@code null} in records written before it existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SyncRecord(long id, String environment, String revision, String revisionSubject, Trigger trigger,
                         Instant startedAt, Instant finishedAt, SyncResult result, Map<String, Integer> summary,
                         String health, String healthMessage, String message, boolean dryRun,
                         Instant committedAt, String appliedBefore) {

    public SyncRecord {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(result, "result");
        summary = summary == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(summary));
    }

    /** A record to append: no id yet. */
    public static SyncRecord of(String environment, String revision, Trigger trigger, Instant startedAt,
                                Instant finishedAt, SyncResult result, Map<String, Integer> summary) {
        return new SyncRecord(0, environment, revision, null, trigger, startedAt, finishedAt, result, summary,
                null, null, null, false, null, null);
    }

    public SyncRecord withId(long newId) {
        return new SyncRecord(newId, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, health, healthMessage, message, dryRun, committedAt, appliedBefore);
    }

    public SyncRecord withRevisionSubject(String subject) {
        return new SyncRecord(id, environment, revision, subject, trigger, startedAt, finishedAt, result, summary,
                health, healthMessage, message, dryRun, committedAt, appliedBefore);
    }

    public SyncRecord withHealth(String word, String healthText) {
        return new SyncRecord(id, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, word, healthText, message, dryRun, committedAt, appliedBefore);
    }

    public SyncRecord withMessage(String text) {
        return new SyncRecord(id, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, health, healthMessage, text, dryRun, committedAt, appliedBefore);
    }

    public SyncRecord withDryRun(boolean dry) {
        return new SyncRecord(id, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, health, healthMessage, message, dry, committedAt, appliedBefore);
    }

    public SyncRecord withCommittedAt(Instant time) {
        return new SyncRecord(id, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, health, healthMessage, message, dryRun, time, appliedBefore);
    }

    public SyncRecord withAppliedBefore(String applied) {
        return new SyncRecord(id, environment, revision, revisionSubject, trigger, startedAt, finishedAt, result,
                summary, health, healthMessage, message, dryRun, committedAt, applied);
    }
}
