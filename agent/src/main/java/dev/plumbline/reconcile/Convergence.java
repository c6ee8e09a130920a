package dev.plumbline.reconcile;

import dev.plumbline.diff.DriftEntry;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthCheck;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.health.HealthSummary;
import dev.plumbline.history.Deployments;
import dev.plumbline.history.Dora;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.EnvironmentStateStore;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.SyncResult;
import dev.plumbline.history.Trigger;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.sync.Action;
import dev.plumbline.sync.ChangeSet;
import dev.plumbline.sync.SyncOptions;
import dev.plumbline.sync.SyncRequest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs a sync for the Reconciler and records it: last applied revision, history, health after. */
final class Convergence {

    private static final Logger LOG = LoggerFactory.getLogger(Convergence.class);
    private static final Duration ECHO_WAIT = Duration.ofSeconds(3);
    private static final Duration SETTLE_POLL = Duration.ofMillis(250);

    private final EnvironmentStateStore controls;
    private final HistoryStore history;
    private final HealthCheck health;
    private final ReconcileMetrics metrics;
    private final WriteGate gate;

    Convergence(EnvironmentStateStore controls, HistoryStore history, HealthCheck health, ReconcileMetrics metrics,
                WriteGate gate) {
        this.controls = controls;
        this.history = history;
        this.health = health;
        this.metrics = metrics;
        this.gate = gate;
    }

    /**
     * Applies and prunes, from the inventory the state holds; the state then holds the one the sync left (an aborted
     * sync's is read again), and history gets a record. The write
     * gate is asked before the sync, between its objects and before the record: a sync aborted there (leadership
     * lost, shutdown) throws {@link LeadershipLostException} and records nothing, no history, no applied revision.
     */
    SyncRecordedChangeSet run(EnvironmentState state, Snapshot snapshot, EnvironmentState.Rendered rendered,
                              EnvironmentReport before, SyncOptions options, Trigger trigger) {
        return run(state, snapshot, rendered, before, options, trigger, null);
    }

    /**
     * As above; {@code note} (e.g. why a rollback runs) leads the record's message. With {@code sync.rollbackOnDegraded}
     * a sync that brings a new revision waits up to {@code waitTimeout} for the environment to settle; one that turns
     * Degraded is recorded as failed, with the Degraded objects, and its revision does not become the last applied one
     * (the caller rolls back, see {@link SyncRecordedChangeSet#degraded}).
     */
    SyncRecordedChangeSet run(EnvironmentState state, Snapshot snapshot, EnvironmentState.Rendered rendered,
                              EnvironmentReport before, SyncOptions options, Trigger trigger, String note) {
        return run(state, snapshot, rendered, before, options, trigger, note, Map.of());
    }

    /**
     * As above; {@code also} adds what a rollout did beside the sync to the record's summary (the canary created or
     * deleted), so the record says what changed in the cluster and DORA classifies it by that.
     */
    SyncRecordedChangeSet run(EnvironmentState state, Snapshot snapshot, EnvironmentState.Rendered rendered,
                              EnvironmentReport before, SyncOptions options, Trigger trigger, String note,
                              Map<String, Integer> also) {
        Instant started = Instant.now();
        String sha = snapshot.revision().sha();
        String appliedBefore = control(state).lastAppliedRevision();
        String subject = state.environment() + " sync of " + snapshot.revision().shortSha();
        if (!options.dryRun()) { // a dry run writes nothing, so a follower may compute one
            gate.check(state.environment(), subject);
            options = options.withListener(new GatedListener(options.listener(), gate, state.environment(), subject));
        }
        LOG.info("{}: syncing {} ({}), trigger {}", state.environment(), snapshot.revision().shortSha(), snapshot.revision().subject(), trigger.word());
        Map<ResourceKey, String> versions = versions(state, rendered.desired());
        ChangeSet changes = null;
        try {
            changes = state.syncEngine().sync(new SyncRequest(state.environment(), sha, rendered.desired(),
                    rendered.policy(), options, verdicts(before, rendered.desired()), state.inventory()));
        } finally {
            if (changes == null || changes.inventory() == null) {
                state.inventoryUnknown(); // an aborted sync may have written it: read it again
            } else {
                state.inventoryWritten(changes.inventory()); // what the sync left: the check after it reads none
            }
        }
        LOG.info("{}: sync {}: {}", state.environment(), changes.failed() ? "failed" : changes.guard() != null ? "stopped by a guard" : "done", changes.summary());
        if (options.dryRun()) {
            return new SyncRecordedChangeSet(changes, null);
        }
        awaitEchoes(state, changes, versions);
        boolean watchHealth = rendered.policy().sync().rollbackOnDegraded() && trigger != Trigger.ROLLBACK
                && !sha.equals(appliedBefore) && !changes.failed() && changes.guard() == null;
        HealthSummary after = watchHealth ? settle(state, rendered.desired(), rendered.policy().sync().waitTimeout())
                : health(state, rendered.desired());
        String degraded = watchHealth && after.health() == Health.Degraded ? String.join("; ", after.messages()) : null;
        gate.check(state.environment(), subject + " record");
        if (!changes.failed() && changes.guard() == null && degraded == null) {
            state.controlWritten(controls.update(state.environment(), c -> c.withLastAppliedRevision(sha)
                    .withFailedRevision(sha.equals(c.failedRevision()) ? null : c.failedRevision())));
        }
        SyncResult result = changes.guard() != null ? SyncResult.GUARDED
                : changes.failed() || degraded != null ? SyncResult.FAILED : SyncResult.SUCCEEDED;
        String message = degraded != null ? "Degraded within waitTimeout: " + degraded
                : changes.guard() != null ? changes.guard() : failures(changes);
        message = note == null ? message : message == null ? note : note + "; " + message;
        Map<String, Integer> summary = new LinkedHashMap<>();
        changes.summary().forEach((action, n) -> summary.put(action.name().toLowerCase(java.util.Locale.ROOT), n));
        also.forEach((action, n) -> summary.merge(action, n, Integer::sum));
        HistoryStore.Recorded recorded = history.record(SyncRecord.of(state.environment(), sha, trigger, started, Instant.now(), result, summary)
                .withRevisionSubject(snapshot.revision().subject())
                .withCommittedAt(snapshot.revision().time())
                .withAppliedBefore(appliedBefore)
                .withHealth(after.health().name(), String.join("; ", after.messages()))
                .withMessage(message));
        SyncRecord record = recorded.record();
        state.synced(record);
        if (recorded.role() == Deployments.Role.DEPLOYMENT && metrics != null) { // the definition DORA uses
            Instant committed = snapshot.revision().time();
            metrics.deployed(state.environment(), result.word(),
                    result == SyncResult.SUCCEEDED && committed != null ? java.time.Duration.between(committed, record.finishedAt()) : null);
        }
        return new SyncRecordedChangeSet(changes, record, degraded);
    }

    /**
     * Records what a rollout did between syncs (a step began, a check failed with autoRollback off) as a history
     * entry of {@code snapshot}'s revision: the revision already in the cluster, so DORA counts it as a re-apply.
     */
    void recordRollout(EnvironmentState state, Snapshot snapshot, SyncResult result, Map<String, Integer> summary, String message) {
        gate.check(state.environment(), state.environment() + " rollout record");
        Instant now = Instant.now();
        history.record(SyncRecord.of(state.environment(), snapshot.revision().sha(), Trigger.ROLLOUT, now, now, result, summary)
                .withRevisionSubject(snapshot.revision().subject())
                .withCommittedAt(snapshot.revision().time())
                .withAppliedBefore(control(state).lastAppliedRevision())
                .withMessage(message));
    }

    /** @param degraded the Degraded objects of a sync that turned Degraded ({@code rollbackOnDegraded}), else null */
    record SyncRecordedChangeSet(ChangeSet changes, SyncRecord record, String degraded) {

        SyncRecordedChangeSet(ChangeSet changes, SyncRecord record) {
            this(changes, record, null);
        }
    }

    /**
     * Health once the environment settles: Healthy, Degraded (fails at once, as a wave's wait does), or whatever it
     * is at {@code timeout}. Read from the watch cache: no API calls.
     */
    private HealthSummary settle(EnvironmentState state, List<DesiredObject> desired, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HealthSummary now = health(state, desired);
        while ((now.health() == Health.Progressing || now.health() == Health.Missing || now.health() == Health.Unknown)
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(SETTLE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
            now = health(state, desired);
        }
        return now;
    }

    /** Health of the desired objects from the watch cache (no API calls); absent objects are Missing. */
    HealthSummary health(EnvironmentState state, List<DesiredObject> desired) {
        Map<ResourceKey, HealthStatus> statuses = new TreeMap<>();
        for (DesiredObject o : desired) {
            GenericKubernetesResource live = state.live().covers(o.key()) ? state.live().get(o.key()).orElse(null) : null;
            statuses.put(o.key(), health.assess(live));
        }
        Map<ResourceKey, dev.plumbline.health.Health> byObject = new HashMap<>();
        statuses.forEach((key, status) -> byObject.put(key, status.code()));
        state.healthAssessed(byObject);
        return HealthSummary.of(statuses);
    }

    EnvironmentControl control(EnvironmentState state) {
        if (state.control() == null) {
            state.controlRead(controls.load(state.environment()));
        }
        return state.control();
    }

    EnvironmentControl updateControl(EnvironmentState state, java.util.function.UnaryOperator<EnvironmentControl> change) {
        gate.check(state.environment(), state.environment() + " gate update");
        state.controlWritten(controls.update(state.environment(), change));
        return state.control();
    }

    List<SyncRecord> history(String environment) {
        return history.list(environment);
    }

    /** {@code environment}'s control state as persisted (not this agent's copy: read without its lock). */
    EnvironmentControl persistedControl(String environment) {
        return controls.load(environment);
    }

    /** The newest sync of {@code environment} that changed something (not a dry run), read from the cluster. */
    SyncRecord latestSync(String environment) {
        return history.list(environment).stream().filter(r -> !r.dryRun()).findFirst().orElse(null);
    }

    /** DORA measures over the environment's whole kept history; {@code committedAt} reads a commit's time. */
    Dora dora(String environment, java.util.function.Function<String, Instant> committedAt) {
        Map<String, java.util.Optional<Instant>> known = new HashMap<>(); // records written before committedAt existed
        return Dora.of(history.load(environment), sha -> known.computeIfAbsent(sha, s -> {
            try {
                return java.util.Optional.ofNullable(committedAt.apply(s));
            } catch (RuntimeException e) {
                return java.util.Optional.empty(); // a commit no longer reachable (force-push): no lead time for it
            }
        }).orElse(null));
    }

    /** The resourceVersion the watch cache holds of each desired object it covers ({@code null}: absent). */
    private static Map<ResourceKey, String> versions(EnvironmentState state, List<DesiredObject> desired) {
        Map<ResourceKey, String> out = new HashMap<>();
        for (DesiredObject o : desired) {
            if (state.live().covers(o.key())) {
                out.put(o.key(), state.live().get(o.key()).map(r -> r.getMetadata().getResourceVersion()).orElse(null));
            }
        }
        return out;
    }

    /**
     * Waits briefly for the watch events of what the sync applied: the check after a sync then finds each object in
     * the cache at the version its apply answered with, whose verdict the apply left in the verdict cache, and costs no
     * GET and no dry-run. Past the wait, the check reads what the cache lacks directly, as always.
     */
    private static void awaitEchoes(EnvironmentState state, ChangeSet changes, Map<ResourceKey, String> versions) {
        Map<ResourceKey, String> applied = new HashMap<>();
        changes.entries().stream().filter(e -> e.action() == Action.CREATED || e.action() == Action.CONFIGURED)
                .filter(e -> versions.containsKey(e.key())).forEach(e -> applied.put(e.key(), versions.get(e.key())));
        if (!applied.isEmpty() && !state.live().awaitChanged(applied, ECHO_WAIT)) {
            LOG.debug("{}: not every applied object's watch event arrived within {}", state.environment(), ECHO_WAIT);
        }
    }

    private static Map<ResourceKey, DriftEntry> verdicts(EnvironmentReport before, List<DesiredObject> desired) {
        java.util.Set<ResourceKey> keys = new java.util.HashSet<>();
        desired.forEach(o -> keys.add(o.key()));
        Map<ResourceKey, DriftEntry> out = new LinkedHashMap<>();
        before.entries().stream().filter(e -> keys.contains(e.key())).forEach(e -> out.put(e.key(), e));
        return out;
    }

    private static String failures(ChangeSet changes) {
        return changes.entries().stream().filter(e -> e.action() == dev.plumbline.sync.Action.FAILED)
                .map(e -> e.kind() + "/" + (e.namespace() == null ? "" : e.namespace() + "/") + e.name() + ": " + e.reason())
                .limit(10).reduce((a, b) -> a + "; " + b).orElse(null);
    }
}
