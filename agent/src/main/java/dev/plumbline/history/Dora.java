package dev.plumbline.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The four DORA delivery measures of one environment over its whole kept history (up to
 * {@link HistoryStore.Options#maxRecords()} syncs), with one definition of a deployment ({@link Deployments}): a new
 * revision reaching the cluster. Self-heal reverts, re-applies and retries of the revision already there, dry runs,
 * guarded syncs and failed syncs that changed nothing are not deployments; a rollback pin is a restore.
 * <ul>
 *   <li>deployment frequency: deployments per day between the first and the last (at least one day);</li>
 *   <li>lead time for changes: commit time to the first successful sync of the deployed revision (the deployment
 *       itself or its retry), median;</li>
 *   <li>change failure rate: failed deployments / deployments; a deployment failed when its sync failed or a rollback
 *       undid it before the next deployment;</li>
 *   <li>time to restore: from the start of a failed deployment to the end of the next successful sync that left the
 *       cluster whole (a deployment, a successful retry, a rollback), median.</li>
 * </ul>
 *
 * @param deployments         new revisions that reached the cluster in the kept history
 * @param perDay              deployments per day between {@code from} and {@code to}
 * @param leadTimeMedian      null when no delivered revision's commit time is known
 * @param changeFailureRate   0..1; null without deployments
 * @param timeToRestoreMedian null without a failure followed by a recovery
 * @param failedDeployments   deployments whose sync failed or that were rolled back
 * @param syncs               records the measures were computed from
 */
public record Dora(String environment, Instant from, Instant to, int deployments, double perDay, Duration leadTimeMedian,
                   Double changeFailureRate, Duration timeToRestoreMedian, int failedDeployments, int syncs) {

    /** Over {@code history} with nothing known before its oldest record. */
    public static Dora of(String environment, List<SyncRecord> history, Function<String, Instant> commitTime) {
        return of(new SyncHistory(environment, history, null), commitTime);
    }

    /**
     * @param commitTime resolves a revision SHA to its commit time (null when unknown); asked only for records
     *                   without {@link SyncRecord#committedAt()}
     */
    public static Dora of(SyncHistory history, Function<String, Instant> commitTime) {
        Tally t = new Tally();
        for (Deployments.Classified c : Deployments.classify(history.baselineRevision(), history.records())) {
            t.add(c.record(), c.role(), commitTime);
        }
        String env = history.environment();
        int n = t.deploys.size();
        if (n == 0) {
            return new Dora(env, null, null, 0, 0, null, null, null, 0, history.records().size());
        }
        Instant from = t.deploys.get(0).startedAt();
        SyncRecord last = t.deploys.get(n - 1);
        Instant to = last.finishedAt() == null ? last.startedAt() : last.finishedAt();
        double days = Math.max(Duration.between(from, to).toMinutes() / 1440.0, 1.0);
        return new Dora(env, from, to, n, n / days, median(t.leads), (double) t.failed / n, median(t.restores), t.failed,
                history.records().size());
    }

    /** One pass, oldest first. */
    private static final class Tally {
        final List<SyncRecord> deploys = new ArrayList<>();
        final List<Duration> leads = new ArrayList<>();
        final List<Duration> restores = new ArrayList<>();
        int failed;
        SyncRecord lastDeploy;
        boolean lastDeployFailed;
        SyncRecord awaitingLead; // a deployment whose revision has not succeeded yet
        Instant brokenSince;

        void add(SyncRecord r, Deployments.Role role, Function<String, Instant> commitTime) {
            switch (role) {
                case DEPLOYMENT -> {
                    deploys.add(r);
                    lastDeploy = r;
                    lastDeployFailed = r.result() == SyncResult.FAILED;
                    awaitingLead = r;
                    if (lastDeployFailed) {
                        failed(r.startedAt());
                    }
                }
                case ROLLBACK -> {
                    if (lastDeploy != null && !lastDeployFailed) {
                        lastDeployFailed = true;
                        failed(lastDeploy.startedAt()); // broken since it was deployed, as far as anyone can tell
                    }
                    awaitingLead = null;
                }
                default -> {
                }
            }
            if (!Deployments.reached(r) || r.result() != SyncResult.SUCCEEDED || r.finishedAt() == null) {
                return;
            }
            if (awaitingLead != null && awaitingLead.revision() != null && awaitingLead.revision().equals(r.revision())) {
                Instant committed = awaitingLead.committedAt() != null ? awaitingLead.committedAt()
                        : r.committedAt() != null ? r.committedAt() : commitTime.apply(r.revision());
                if (committed != null) {
                    leads.add(Duration.between(committed, r.finishedAt()));
                }
                awaitingLead = null;
            }
            if (brokenSince != null) {
                restores.add(Duration.between(brokenSince, r.finishedAt()));
                brokenSince = null;
            }
        }

        private void failed(Instant since) {
            failed++;
            if (brokenSince == null) {
                brokenSince = since;
            }
        }
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
