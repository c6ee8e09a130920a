package dev.plumbline.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What each sync meant for delivery, from the record sequence alone: one definition for DORA, the deployment metric
 * and history compaction. Old records need no extra field, so histories written before this rule classify too.
 *
 * <ul>
 *   <li>{@link Role#DEPLOYMENT}: a revision other than the one already in the cluster reached it (created, configured
 *       or pruned something), whatever the result; started by a poll, webhook, approval or manual sync;</li>
 *   <li>{@link Role#ROLLBACK}: the same, started by a rollback pin: a restore, not a deployment;</li>
 *   <li>{@link Role#REAPPLY}: the revision already in the cluster applied again: a self-heal revert, a manual re-sync,
 *       the retry of a failed sync. "Already in the cluster": the revision the records before left there, or the
 *       record's {@link SyncRecord#appliedBefore()} (taken as applied without a sync, because it changed nothing in
 *       this environment);</li>
 *   <li>{@link Role#NONE}: a dry run, a guarded sync, a failed sync that changed nothing, a new revision that changed
 *       nothing (it is then the revision in the cluster, but nothing was delivered).</li>
 * </ul>
 */
public final class Deployments {

    /** The actions that change the cluster; {@code unchanged}, {@code skipped}, {@code failed} do not. */
    static final Set<String> CHANGING = Set.of("created", "configured", "pruned", "pruning");

    public enum Role { DEPLOYMENT, ROLLBACK, REAPPLY, NONE }

    /** A record and its role. */
    public record Classified(SyncRecord record, Role role) {
    }

    private Deployments() {
    }

    /**
     * @param baseline the revision in the cluster before the oldest record ({@code null}: unknown, or none)
     * @param records  in any order; classified oldest first (see {@link #oldestFirst})
     */
    public static List<Classified> classify(String baseline, List<SyncRecord> records) {
        List<Classified> out = new ArrayList<>(records.size());
        String current = baseline;
        for (SyncRecord r : oldestFirst(records)) {
            Role role = role(current, r);
            out.add(new Classified(r, role));
            if (reached(r)) {
                current = r.revision();
            }
        }
        return out;
    }

    /** The role of {@code next}, appended after {@code records}. */
    public static Role roleOf(String baseline, List<SyncRecord> records, SyncRecord next) {
        return role(revisionAfter(baseline, records), next);
    }

    /** The revision in the cluster after {@code records}, starting from {@code baseline}. */
    public static String revisionAfter(String baseline, List<SyncRecord> records) {
        String current = baseline;
        for (SyncRecord r : oldestFirst(records)) {
            if (reached(r)) {
                current = r.revision();
            }
        }
        return current;
    }

    static Role role(String current, SyncRecord r) {
        if (!reached(r)) {
            return Role.NONE;
        }
        if (Objects.equals(r.revision(), current) || Objects.equals(r.revision(), r.appliedBefore())
                || r.trigger() == Trigger.SELF_HEAL) {
            return Role.REAPPLY; // self-heal only ever reverts drift on the applied revision
        }
        if (changed(r) == 0) {
            return Role.NONE;
        }
        return r.trigger() == Trigger.ROLLBACK ? Role.ROLLBACK : Role.DEPLOYMENT;
    }

    /** The sync left its revision in the cluster: it changed something, or it succeeded (nothing needed changing). */
    static boolean reached(SyncRecord r) {
        if (r.dryRun() || r.result() == SyncResult.GUARDED) {
            return false;
        }
        return changed(r) > 0 || r.result() == SyncResult.SUCCEEDED;
    }

    static int changed(SyncRecord r) {
        int n = 0;
        for (Map.Entry<String, Integer> e : r.summary().entrySet()) {
            if (CHANGING.contains(e.getKey()) && e.getValue() != null) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Stored records in append order (their ids); records not stored yet (id 0) by start time. */
    static List<SyncRecord> oldestFirst(List<SyncRecord> records) {
        Comparator<SyncRecord> order = records.stream().allMatch(r -> r.id() > 0)
                ? Comparator.comparingLong(SyncRecord::id)
                : Comparator.comparing(SyncRecord::startedAt).thenComparingLong(SyncRecord::id);
        return records.stream().sorted(order).toList();
    }
}
