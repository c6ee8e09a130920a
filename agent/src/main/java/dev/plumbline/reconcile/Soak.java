package dev.plumbline.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.plumbline.config.Durations;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a revision stands at a promotion gate ({@code promotion: {after: staging, soak: 10m}}): whether environment
 * {@code after} has run it Synced and Healthy for {@code soak}. Pure: {@link #of} judges what the agent persisted of
 * {@code after} (its last applied revision and its newest sync record, both in the cluster, so a restarted agent judges
 * the same), so every rule has a unit test.
 *
 * @param after        the environment that runs a revision first
 * @param revision     the revision waiting
 * @param soak         how long {@code after} must run it Synced and Healthy
 * @param healthySince since when it has, {@code null}: it has not (yet)
 * @param remaining    how much of the soak is left (zero when {@link #satisfied})
 * @param satisfied    the revision may pass this gate
 * @param message      for humans, e.g. "waiting for staging to run 1a2b3c4 healthy for 10m: 3m12s left"
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Soak(String after, String revision, Duration soak, Instant healthySince, Duration remaining,
                   boolean satisfied, String message) {

    /**
     * What {@code after} has shown of {@code revision}, as persisted in the cluster.
     *
     * @param lastApplied  {@code after}'s last applied revision
     * @param appliedSince when that revision became applied without a sync of its own (a commit that changes nothing in
     *                     {@code after}: the control state's update time), {@code null} when unknown
     * @param latest       {@code after}'s newest sync that was not a dry run, {@code null}: none
     * @param healthNow    {@code after}'s health at its last check by this agent, {@code null}: not checked yet
     */
    public record Facts(String lastApplied, Instant appliedSince, SyncRecord latest, String healthNow) {
    }

    /**
     * {@code after} runs {@code revision} Synced and Healthy since T when it is its last applied revision and its newest
     * sync succeeded with health Healthy (and its last check, if any, still says Healthy); T is that sync's end, or
     * when the revision became applied without a sync, whichever is later. Anything else waits, with the reason.
     */
    public static Soak of(EnvironmentPolicy.Promotion promotion, String revision, Facts facts, Instant now) {
        String after = promotion.after();
        Duration soak = promotion.soak();
        String wanted = "waiting for " + after + " to run " + shortSha(revision) + " healthy for " + Durations.format(soak);
        SyncRecord latest = facts.latest();
        if (!revision.equals(facts.lastApplied()) || latest == null) {
            return waiting(promotion, revision, null, wanted + ": " + after + " has not applied it yet");
        }
        if (latest.result() != SyncResult.SUCCEEDED || !"Healthy".equals(latest.health())) {
            return waiting(promotion, revision, null, wanted + ": its last sync (" + shortSha(latest.revision()) + ") "
                    + latest.result().word() + ", health " + latest.health());
        }
        if (facts.healthNow() != null && !"Healthy".equals(facts.healthNow())) {
            return waiting(promotion, revision, null, wanted + ": " + after + " is " + facts.healthNow());
        }
        Instant since = latest.finishedAt();
        if (!revision.equals(latest.revision()) && facts.appliedSince() != null && facts.appliedSince().isAfter(since)) {
            since = facts.appliedSince();
        }
        Duration left = soak.minus(Duration.between(since, now));
        if (left.isNegative() || left.isZero()) {
            return new Soak(after, revision, soak, since, Duration.ZERO, true,
                    after + " ran " + shortSha(revision) + " healthy for " + Durations.format(soak));
        }
        Duration shown = left.withNanos(0).plusSeconds(left.getNano() > 0 ? 1 : 0);
        return new Soak(after, revision, soak, since, left, false, wanted + ": " + Durations.format(shown) + " left");
    }

    /** The same wait, for another reason. */
    Soak because(String why) {
        return new Soak(after, revision, soak, healthySince, remaining, satisfied,
                "waiting for " + after + " to run " + shortSha(revision) + " healthy for " + Durations.format(soak) + ": " + why);
    }

    private static Soak waiting(EnvironmentPolicy.Promotion promotion, String revision, Instant since, String message) {
        return new Soak(promotion.after(), revision, promotion.soak(), since, promotion.soak(), false, message);
    }

    private static String shortSha(String sha) {
        return sha == null ? "nothing" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
