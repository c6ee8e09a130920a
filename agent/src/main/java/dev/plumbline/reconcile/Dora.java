package dev.plumbline.reconcile;

import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The four DORA delivery measures of one environment, from its persisted sync history (the last 50 syncs):
 * deployment frequency (syncs that changed the cluster, per day), lead time for changes (commit time to applied,
 * median), change failure rate (failed deployments / deployments) and time to restore (from a failed sync to the next
 * succeeded one, median). Syncs that changed nothing are not deployments.
 *
 * @param deployments       syncs in the window that created, configured or pruned something, or failed
 * @param perDay            deployments per day over the window
 * @param leadTimeMedian    null when no deployment's commit time is known
 * @param changeFailureRate 0..1; null without deployments
 * @param timeToRestoreMedian null without a failure followed by a recovery
 */
public record Dora(String environment, Instant from, Instant to, int deployments, double perDay, Duration leadTimeMedian,
                   Double changeFailureRate, Duration timeToRestoreMedian) {

    /** @param commitTime resolves a revision SHA to its commit time (null when unknown) */
    public static Dora of(String environment, List<SyncRecord> history, Function<String, Instant> commitTime) {
        List<SyncRecord> deploys = history.stream().filter(Dora::isDeployment)
                .sorted(Comparator.comparing(SyncRecord::startedAt)).toList();
        if (deploys.isEmpty()) {
            return new Dora(environment, null, null, 0, 0, null, null, null);
        }
        Instant from = deploys.get(0).startedAt();
        Instant to = deploys.get(deploys.size() - 1).finishedAt() == null ? deploys.get(deploys.size() - 1).startedAt()
                : deploys.get(deploys.size() - 1).finishedAt();
        double days = Math.max(Duration.between(from, to).toMinutes() / 1440.0, 1.0);
        List<Duration> leads = new ArrayList<>();
        for (SyncRecord r : deploys) {
            Instant committed = r.revision() == null ? null : commitTime.apply(r.revision());
            if (r.result() == SyncResult.SUCCEEDED && committed != null && r.finishedAt() != null) {
                leads.add(Duration.between(committed, r.finishedAt()));
            }
        }
        long failed = deploys.stream().filter(r -> r.result() == SyncResult.FAILED).count();
        return new Dora(environment, from, to, deploys.size(), deploys.size() / days, median(leads),
                (double) failed / deploys.size(), median(restores(deploys)));
    }

    static boolean isDeployment(SyncRecord r) {
        if (r.dryRun() || r.result() == SyncResult.GUARDED) {
            return false;
        }
        Map<String, Integer> s = r.summary();
        int changed = s.getOrDefault("created", 0) + s.getOrDefault("configured", 0) + s.getOrDefault("pruned", 0);
        return changed > 0 || r.result() == SyncResult.FAILED;
    }

    /** From each first failure to the next success. */
    static List<Duration> restores(List<SyncRecord> deploys) {
        List<Duration> out = new ArrayList<>();
        Instant brokenSince = null;
        for (SyncRecord r : deploys) {
            if (r.result() == SyncResult.FAILED && brokenSince == null) {
                brokenSince = r.startedAt();
            } else if (r.result() == SyncResult.SUCCEEDED && brokenSince != null && r.finishedAt() != null) {
                out.add(Duration.between(brokenSince, r.finishedAt()));
                brokenSince = null;
            }
        }
        return out;
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
