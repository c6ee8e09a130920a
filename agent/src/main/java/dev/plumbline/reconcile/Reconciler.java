package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.engine.Engine;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.health.HealthChecks;
import dev.plumbline.history.Dora;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.EnvironmentStateStore;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.RolloutStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.inventory.VerdictRecordStore;
import dev.plumbline.inventory.Owner;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.render.KindScopes;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.rollout.Analyses;
import dev.plumbline.rollout.Strategies;
import dev.plumbline.source.SourceUrl;
import dev.plumbline.sync.SyncOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one orchestrator. A cycle and a manual sync read like the script they are: fetch the head → choose the target
 * once ({@link Gate} for a cycle, the request for a sync) → the {@link #pipeline}: render → diff → (apply → prune →
 * health → record) → diff → report. A failed fetch or render never reaches the cluster: the last good report stays,
 * marked stale, with the error. One cycle or sync per environment at a time, whoever asks.
 */
public final class Reconciler implements AutoCloseable {

    private final ClusterConnection cluster;
    private final RevisionSource source;
    private final HeldInventory inventory;
    private final Environments environments;
    private final Renders renders;
    private final Gate gate;
    private final Convergence convergence;
    private final ExecutorService pool;
    private final ReconcileMetrics metrics;
    private final Rollouts rollouts;
    private final RolloutSteps rolloutSteps;
    private final RolloutControl rolloutControl;
    private final Reports reports;
    private final Checks checks;

    public Reconciler(ClusterConnection cluster, RevisionSource source, ReconcilerOptions options, MeterRegistry registry) {
        this.cluster = cluster;
        this.source = source;
        InventoryStore inventories = new InventoryStore(cluster.reconcileClient(), options.stateNamespace());
        this.inventory = new HeldInventory(inventories, new Owner(SourceUrl.normalize(source.location()), options.instance()));
        this.pool = Executors.newFixedThreadPool(options.diffParallelism(), daemon("plumbline-diff"));
        Discovery discovery = new Discovery(cluster);
        KindScopes kindScopes = new ClusterKindScopes(discovery, cluster.reconcileClient());
        HealthChecks health = HealthChecks.defaults();
        this.environments = new Environments(new Environments.Shared(cluster, discovery,
                new Engine(cluster.reconcileClient(), discovery, DiffOptions.defaults()), pool, options.watchNamespaces(),
                LiveCache.Options.defaults().withWatch(options.watch()), inventories, health, options.stateNamespace()),
                options.limits());
        this.renders = new Renders(environments::limits, kindScopes);
        this.metrics = new ReconcileMetrics(registry == null ? new SimpleMeterRegistry() : registry, cluster);
        this.convergence = new Convergence(new EnvironmentStateStore(cluster.reconcileClient(), options.stateNamespace()),
                new HistoryStore(cluster.reconcileClient(), options.stateNamespace(),
                        HistoryStore.Options.defaults().withMaxRecords(options.historyRecords())), health, metrics, options.writeGate());
        this.reports = new Reports(inventory, convergence, metrics, new VerdictRecords(
                new VerdictRecordStore(cluster.reconcileClient(), options.stateNamespace()), options.writeGate(),
                options.watch()));
        this.gate = new Gate(source, renders, environments::limits, inventory, convergence,
                new Promotions(environments, inventory, convergence, java.time.Clock.systemUTC()));
        Strategies strategies = Strategies.defaults();
        this.rollouts = new Rollouts(new RolloutStore(cluster.reconcileClient(), options.stateNamespace()), strategies,
                Analyses.defaults(), cluster, java.time.Clock.systemUTC(),
                new RolloutMetrics(registry == null ? new SimpleMeterRegistry() : registry));
        this.rolloutSteps = new RolloutSteps(rollouts, strategies, convergence, java.time.Clock.systemUTC());
        this.rolloutControl = new RolloutControl(environments, rollouts, rolloutSteps, convergence, new RolloutControl.Pipeline() {
            @Override
            public Snapshot head() {
                return metrics.timeFetch(source::latest);
            }

            @Override
            public RolloutSteps.Cycle cycle(EnvironmentState state, Snapshot head) {
                return Reconciler.this.cycle(state, head);
            }

            @Override
            public SyncOutcome unsynced(EnvironmentState state, Snapshot head, Snapshot snapshot) {
                EnvironmentState.Rendered rendered = renders.render(state, snapshot);
                EnvironmentReport after = reports.diff(state, snapshot, rendered, null);
                return new SyncOutcome(null, reports.finish(state, after, gate.decide(state, head, convergence.control(state)), rendered), null);
            }
        });
        this.checks = new Checks(environments, source, inventory, renders, gate, convergence, rollouts, metrics, reports, this::cycle);
    }

    /** One scheduled cycle: the gate chooses the target (pin, approval, auto sync), then the {@link #pipeline}. */
    public EnvironmentReport cycle(String environment, Trigger cause) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            state.cycleStarts();
            return reports.guarded(state, () -> {
                Snapshot head = metrics.timeFetch(source::latest);
                SyncDecision decision = gate.decide(state, head, convergence.control(state));
                return pipeline(state, Target.scheduled(head, gate.at(decision.target(), head), decision, cause)).report();
            });
        }
    }

    /** A sync someone asked for: approve a revision, pin one (rollback), or re-apply the current target. */
    public SyncOutcome sync(String environment, ManualSync request) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            Snapshot head = metrics.timeFetch(source::latest);
            return pipeline(state, gate.requested(state, head, convergence.control(state), request));
        }
    }

    /**
     * The one pipeline, once the target is chosen: render it → diff → converge when the run says so (apply, prune,
     * health, record) → diff again → finish the report with the gate. A cycle that finds another source's environment
     * stops after the diff; a requested sync goes on, and the sync engine reports the conflict.
     *
     * <p>Verdicts travel once and are not recomputed: the first diff's verdicts go to the sync in its request (it
     * diffs only objects without one); each apply's answer is left in the verdict cache at the resourceVersion it
     * returned; the diff after the sync waits briefly for those echoes and then finds its verdicts there, at no API
     * cost. That second diff stays: the report must say what the cluster holds after the sync (failed applies,
     * admission mutation, concurrent edits), not what the sync intended. The inventory travels the same way (held by
     * the state, passed in the request, handed back in the ChangeSet).
     */
    private SyncOutcome pipeline(EnvironmentState state, Target target) {
        Snapshot snapshot = target.snapshot();
        RolloutSteps.Cycle cycle = cycle(state, target.head());
        EnvironmentState.Rendered rendered = rollouts.shape(state, renders.render(state, snapshot),
                () -> convergence.control(state), !target.dryRun(), cycle.renderAt());
        int begun = rollouts.begun(state.environment()); // each rollout begun here creates its canary after the sync
        EnvironmentReport before = reports.diff(state, snapshot, rendered, null);
        if (before.conflicted() && !target.requested()) { // another source's environment: nothing marked, applied or pruned
            return new SyncOutcome(null, state.reported(before), null);
        }
        SyncDecision next = target.next(limits(state).govern(rendered.policy()), convergence.control(state),
                before.drifted());
        if (begun > 0 && !target.dryRun()) { // the start of a rollout is a deployment even when nothing drifted
            next = next.rolloutBegins();
        }
        if (next.markApplied()) {
            String sha = snapshot.revision().sha();
            convergence.updateControl(state, c -> c.withLastAppliedRevision(sha));
        }
        if (!next.sync()) {
            if (target.dryRun()) {
                return new SyncOutcome(null, reports.finish(state, before, next, rendered), null);
            }
            SyncOutcome unsynced = new SyncOutcome(null, reports.recorded(state, reports.finish(state, before, next, rendered)), null);
            return rolloutSteps.look(state, unsynced, cycle);
        }
        var result = convergence.run(state, snapshot, rendered, before, target.options(syncOptions(state)), target.trigger(next),
                null, begun == 0 || target.dryRun() ? Map.of() : Map.of("created", begun));
        if (result.degraded() != null) {
            return rolloutControl.rollBack(state, target, result.degraded());
        }
        EnvironmentReport after = target.dryRun() ? before : reports.diff(state, snapshot, rendered, null);
        SyncDecision shown = target.requested() ? gate.afterSync(state, target.head(), convergence.control(state)) : next;
        if (target.dryRun()) {
            return new SyncOutcome(result.changes(), reports.finish(state, after, shown, rendered), result.record());
        }
        SyncOutcome synced = new SyncOutcome(result.changes(), reports.recorded(state, reports.finish(state, after, shown,
                rendered)), result.record());
        return rolloutSteps.look(state, synced, cycle);
    }

    /** What a rollout's look needs of this cycle: revisions rendered and checked out relative to {@code head}. */
    private RolloutSteps.Cycle cycle(EnvironmentState state, Snapshot head) {
        return new RolloutSteps.Cycle(sha -> renders.render(state, gate.at(sha, head)), sha -> gate.at(sha, head),
                (st, revision, trigger, note, also) -> plainSync(st, head, revision, trigger, note, also));
    }

    /** A plain sync of {@code revision}, no rollout shaping: a rollout's promotion or rollback. */
    private SyncOutcome plainSync(EnvironmentState state, Snapshot head, String revision, Trigger trigger, String note,
                                  Map<String, Integer> also) {
        Snapshot snapshot = gate.at(revision, head);
        EnvironmentState.Rendered rendered = renders.render(state, snapshot);
        var result = convergence.run(state, snapshot, rendered, reports.diff(state, snapshot, rendered, null),
                syncOptions(state), trigger, note, also);
        EnvironmentReport after = reports.diff(state, snapshot, rendered, null);
        SyncDecision shown = gate.decide(state, head, convergence.control(state));
        return new SyncOutcome(result.changes(), reports.finish(state, after, shown, rendered), result.record());
    }

    /** The environment's rollouts: listed, promoted or aborted on request (the API, the CLI, the schedule's hint). */
    public RolloutControl rolloutControl() {
        return rolloutControl;
    }

    /** Resumes following the branch: deletes the pin. */
    public EnvironmentControl unpin(String environment) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            return convergence.updateControl(state, c -> c.withPinnedRevision(null));
        }
    }

    /**
     * Forgets what this agent remembers of the environment's persisted state (inventory, gate state, last sync), so
     * the next check or cycle reads it from the cluster: after a leader handover another agent has written it, and a
     * follower's report must show the leader's inventory (Orphaned verdicts).
     */
    public void reload(String environment) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            state.forgetPersisted();
            rollouts.forget(environment);
        }
    }

    /** The schedule's backoff after failed cycles ({@code null}: none); shown in every report until replaced. */
    public void backoff(String environment, EnvironmentReport.Backoff backoff) {
        environments.get(environment).backedOff(backoff);
    }

    /** Past syncs, newest first (persisted in the cluster). */
    public List<SyncRecord> history(String environment) {
        return convergence.history(environment);
    }

    /** DORA measures over the environment's whole kept history; commit times come from the Git source. */
    public Dora dora(String environment) {
        return convergence.dora(environment, sha -> source.at(sha).revision().time());
    }

    /** One drift check of one environment at the branch's newest revision (or {@code revision}), no sync. */
    public EnvironmentReport check(String environment) {
        return check(environment, null, null);
    }

    /** A drift check; {@code textual}, when given, receives both compared objects of every drifted object. */
    public EnvironmentReport check(String environment, String revision, Map<ResourceKey, DiffResult> textual) {
        return checks.check(environment, revision, textual);
    }

    /**
     * What a cycle would report now, without converging (a one-shot {@code plumbline status}): the gate chooses the
     * target (pin, approval, auto sync) as in {@link #cycle}, that target is diffed, and the report carries the gate.
     */
    public EnvironmentReport status(String environment) {
        return checks.status(environment);
    }

    /**
     * Reads now what the first check or sync of {@code environment} reads from the cluster whatever the render holds
     * (its inventory), so a one-shot command can do it while it reads Git and renders. A failure is not reported here:
     * nothing is kept, and the check reads again and reports it as it always does.
     */
    public void prepare(String environment) {
        checks.prepare(environment);
    }

    /** The last report of an environment (Unknown before its first check). */
    public Optional<EnvironmentReport> report(String environment) {
        return environments.find(environment).map(EnvironmentState::report);
    }

    /**
     * The environments a push that changed {@code paths} affects: those whose last render read a changed file or
     * listed the folder of an added one, those never rendered yet or whose last check failed, and all of them when the
     * push names no files.
     */
    public List<String> affectedBy(Collection<String> environments, Collection<String> paths) {
        return checks.affectedBy(environments, paths);
    }

    /** Subscribes to live changes of an environment's objects that are not echoes of Plumbline's own apply. */
    public AutoCloseable onLiveChange(String environment, Runnable listener) {
        EnvironmentState state = environments.get(environment);
        return state.changes().subscribe(state, listener);
    }

    /** Whether watch events since the last cycle still need one (see {@link LiveChanges}). */
    public boolean needsCycle(String environment) {
        EnvironmentState state = environments.get(environment);
        return state.changes().needsCycle(state);
    }

    public ClusterConnection cluster() {
        return cluster;
    }

    // ---- steps ----------------------------------------------------------------------------------------------------

    private EnvironmentLimits limits(EnvironmentState state) {
        return environments.limits(state.environment());
    }

    /**
     * Syncs come from this reconciler's source, which claims an unclaimed environment, and prune stays inside the
     * operator's limits as inside Git's restrictions.
     */
    private SyncOptions syncOptions(EnvironmentState state) {
        return SyncOptions.defaults().withOwner(inventory.owner()).withLimits(RenderedEnvironment.bound(limits(state)));
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        environments.close();
    }
}
