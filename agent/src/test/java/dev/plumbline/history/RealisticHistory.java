package dev.plumbline.history;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Sync records as a busy environment writes them (seeded, so every run sees the same): 40-hex SHAs, commit subjects,
 * a mix of triggers, counts for an environment of a few hundred objects, every tenth sync failed with the API server's
 * messages for ten objects, health messages for the workloads still rolling out. A new revision every other record;
 * the rest are self-heals and re-applies of the revision in the cluster.
 */
final class RealisticHistory {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Random random = new Random(12);
    private String revision = sha();

    /** The {@code i}-th record (0-based), a new revision when {@code i} is even. */
    SyncRecord record(String environment, int i) {
        boolean newRevision = i % 2 == 0;
        if (newRevision) {
            revision = sha();
        }
        boolean failed = i % 10 == 4;
        Trigger trigger = newRevision ? (i % 4 == 0 ? Trigger.WEBHOOK : Trigger.POLL) : (i % 3 == 0 ? Trigger.MANUAL : Trigger.SELF_HEAL);
        Instant started = T0.plus(Duration.ofMinutes(30L * i));
        Map<String, Integer> summary = new LinkedHashMap<>();
        summary.put("created", newRevision ? random.nextInt(3) : 0);
        summary.put("configured", 1 + random.nextInt(newRevision ? 12 : 2));
        summary.put("unchanged", 200 + random.nextInt(100));
        summary.put("pruned", newRevision ? random.nextInt(2) : 0);
        summary.put("failed", failed ? 10 : 0);
        return SyncRecord.of(environment, revision, trigger, started, started.plusSeconds(5 + random.nextInt(120)),
                        failed ? SyncResult.FAILED : SyncResult.SUCCEEDED, summary)
                .withRevisionSubject("Bump orders-api-" + random.nextInt(40) + " to 1." + random.nextInt(30) + "." + random.nextInt(200))
                .withCommittedAt(started.minusSeconds(60 + random.nextInt(3600)))
                .withHealth(failed ? "Degraded" : "Progressing", health())
                .withMessage(failed ? failures() : null);
    }

    private String failures() {
        StringJoiner out = new StringJoiner("; ");
        for (int k = 0; k < 10; k++) {
            out.add("Deployment/shop/orders-api-" + random.nextInt(400) + ": Deployment.apps \"orders-api-" + random.nextInt(400)
                    + "\" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: \""
                    + random.nextInt(4000) + "m\": must be less than or equal to cpu limit of " + random.nextInt(2000) + "m");
        }
        return out.toString();
    }

    private String health() {
        StringJoiner out = new StringJoiner("; ");
        for (int k = 0; k < 3; k++) {
            out.add("Deployment/shop/orders-api-" + random.nextInt(400) + ": " + random.nextInt(5) + " of 5 updated replicas are available");
        }
        return out.toString();
    }

    private String sha() {
        StringBuilder s = new StringBuilder(40);
        for (int k = 0; k < 40; k++) {
            s.append(Character.forDigit(random.nextInt(16), 16));
        }
        return s.toString();
    }
}
