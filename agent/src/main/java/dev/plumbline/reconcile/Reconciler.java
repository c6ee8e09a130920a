package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.diff.DiffEngine;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.health.HealthChecks;
import dev.plumbline.history.Dora;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.EnvironmentStateStore;
import dev.plumbline.history.HistoryStore;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.inventory.Owner;
import dev.plumbline.inventory.OwnershipConflict;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.render.DesiredObjects;
import dev.plumbline.render.KindScopes;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.source.RecordingTree;
import dev.plumbline.source.SourceUrl;
import dev.plumbline.sync.LiveObjects;
import dev.plumbline.sync.SyncEngine;
import dev.plumbline.sync.SyncOptions;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one orchestrator. A cycle reads like the script it is: source → render → live → diff → (apply → prune →
 * health → record). A failed fetch or render never reaches the cluster: the last good report stays, marked stale,
 * with the error. One cycle or sync per environment at a time, whoever asks.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ClusterConnection cluster;
    private final RevisionSource source;
    private final InventoryStore inventories;
    private final Discovery discovery;
    private final DiffEngine diffEngine;
    private final DriftCheck drift;
    private final List<String> watchNamespaces;
    private final String stateNamespace;
    private final Convergence convergence;
    private final HealthChecks health = HealthChecks.defaults();
    private final ExecutorService pool;
    private final ReconcileMetrics metrics;
    private final LiveCache.Options liveOptions;
    private final Map<String, EnvironmentState> states = new ConcurrentHashMap<>();
    private final Map<String, EnvironmentLimits> limits;
    private final ApprovedPolicy approved;
    /** Scope comes from the API server's discovery, never from the manifest (issue 12 case 4). */
    private final KindScopes kindScopes;
    private final Owner owner;

    public Reconciler(ClusterConnection cluster, RevisionSource source, ReconcilerOptions options, MeterRegistry registry) {
        this.cluster = cluster;
        this.source = source;
        this.limits = options.limits();
        this.approved = new ApprovedPolicy(source);
        this.liveOptions = LiveCache.Options.defaults().withWatch(options.watch());
        this.owner = new Owner(SourceUrl.normalize(source.location()), options.instance());
        this.inventories = new InventoryStore(cluster.reconcileClient(), options.stateNamespace());
        this.diffEngine = new DiffEngine(cluster.reconcileClient(), DiffOptions.defaults());
        this.pool = Executors.newFixedThreadPool(options.diffParallelism(), daemon("plumbline-diff"));
        this.discovery = new Discovery(cluster);
        this.kindScopes = (apiVersion, kind) -> apiVersion == null ? null
                : discovery.find(apiVersion, kind).map(r -> !r.namespaced()).orElse(null);
        this.watchNamespaces = options.watchNamespaces();
        this.stateNamespace = options.stateNamespace();
        this.drift = new DriftCheck(discovery, diffEngine, pool, watchNamespaces);
        this.metrics = new ReconcileMetrics(registry == null ? new SimpleMeterRegistry() : registry, cluster);
        this.convergence = new Convergence(new EnvironmentStateStore(cluster.reconcileClient(), options.stateNamespace()),
                new HistoryStore(cluster.reconcileClient(), options.stateNamespace(),
                        HistoryStore.Options.defaults().withMaxRecords(options.historyRecords())), health, metrics, options.writeGate());
    }

    /** One scheduled cycle: decide the target (gate, pin), check drift, converge when the policy allows. */
    public EnvironmentReport cycle(String environment, Trigger cause) {
        EnvironmentState state = state(environment);
        synchronized (state) {
            state.unjudged.clear(); // this cycle looks at every object
            return guarded(state, () -> {
                Snapshot head = metrics.timeFetch(source::latest);
                EnvironmentControl control = convergence.control(state);
                SyncDecision decision = decide(state, head, control);
                Snapshot target = decision.target().equals(head.revision().sha()) ? head : source.at(decision.target());
                EnvironmentState.Rendered rendered = render(state, target);
                EnvironmentReport report = diffReport(state, target, rendered, null);
                if (report.conflicted()) { // another source's environment: nothing marked, applied or pruned
                    return record(state, report);
                }
                SyncDecision next = decision.given(limits(state).govern(rendered.environment().policy()), control, report.drifted());
                if (next.markApplied()) {
                    String sha = target.revision().sha();
                    convergence.updateControl(state, c -> c.withLastAppliedRevision(sha));
                }
                if (next.sync()) {
                    Trigger trigger = cause == Trigger.WEBHOOK && next.trigger() == Trigger.POLL ? Trigger.WEBHOOK : next.trigger();
                    convergence.run(state, state.syncEngine, target, rendered, report, syncOptions(state), trigger);
                    report = diffReport(state, target, rendered, null);
                }
                return finish(state, report, next, rendered);
            });
        }
    }

    /** A sync someone asked for: approve a revision, pin one (rollback), or re-apply the current target. */
    public SyncOutcome sync(String environment, ManualSync request) {
        EnvironmentState state = state(environment);
        synchronized (state) {
            Snapshot head = metrics.timeFetch(source::latest);
            EnvironmentControl control = convergence.control(state);
            Snapshot target = head;
            Trigger trigger = Trigger.MANUAL;
            if (request.revision() != null) {
                target = source.at(request.revision());
                String sha = target.revision().sha();
                if (!request.pin() && !sha.equals(head.revision().sha())) {
                    throw new RevisionMovedException(environment, request.revision(), head.revision().shortSha());
                }
                trigger = request.pin() ? Trigger.ROLLBACK : Trigger.APPROVAL;
                if (!request.dryRun() && ownership(state).isEmpty()) { // another source's gate is not ours to open
                    control = convergence.updateControl(state, c -> request.pin() ? c.withPinnedRevision(sha) : c.withApprovedRevision(sha));
                }
            } else {
                String sha = decide(state, head, control).target();
                target = sha.equals(head.revision().sha()) ? head : source.at(sha);
            }
            EnvironmentState.Rendered rendered = render(state, target);
            EnvironmentReport before = diffReport(state, target, rendered, null);
            SyncOptions options = syncOptions(state).withDryRun(request.dryRun()).withPrune(request.prune())
                    .withConfirmPrune(request.confirmPrune());
            if (request.listener() != null) {
                options = options.withListener(request.listener());
            }
            var result = convergence.run(state, state.syncEngine, target, rendered, before, options, trigger);
            EnvironmentReport after = request.dryRun() ? before : diffReport(state, target, rendered, null);
            SyncDecision decision = decideAfterSync(state, head, convergence.control(state));
            return new SyncOutcome(result.changes(), finish(state, after, decision, rendered), result.record());
        }
    }

    /** Resumes following the branch: deletes the pin. */
    public EnvironmentControl unpin(String environment) {
        EnvironmentState state = state(environment);
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
        EnvironmentState state = state(environment);
        synchronized (state) {
            state.inventory = null;
            state.control = null;
            state.lastSync = null;
        }
    }

    /** The schedule's backoff after failed cycles ({@code null}: none); shown in every report until replaced. */
    public void backoff(String environment, EnvironmentReport.Backoff backoff) {
        EnvironmentState state = state(environment);
        state.backoff = backoff;
        state.report = state.report.withBackoff(backoff);
    }

    /** Past syncs, newest first (persisted in the cluster). */
    public List<SyncRecord> history(String environment) {
        return convergence.history(environment);
    }

    /** DORA measures over the environment's whole kept history; commit times come from the Git source. */
    public Dora dora(String environment) {
        Map<String, Optional<Instant>> known = new HashMap<>(); // records written before committedAt existed
        return Dora.of(convergence.kept(environment), sha -> known.computeIfAbsent(sha, s -> {
            try {
                return Optional.ofNullable(source.at(s).revision().time());
            } catch (RuntimeException e) {
                return Optional.empty(); // a commit no longer reachable (force-push): no lead time for it
            }
        }).orElse(null));
    }

    /** One drift check of one environment at the branch's newest revision (or {@code revision}), no sync. */
    public EnvironmentReport check(String environment) {
        return check(environment, null, null);
    }

    /** A drift check; {@code textual}, when given, receives both compared objects of every drifted object. */
    public EnvironmentReport check(String environment, String revision, Map<ResourceKey, DiffResult> textual) {
        EnvironmentState state = state(environment);
        synchronized (state) {
            return guarded(state, () -> {
                Snapshot snapshot = metrics.timeFetch(() -> revision == null ? source.latest() : source.at(revision));
                EnvironmentState.Rendered rendered = render(state, snapshot);
                EnvironmentReport report = diffReport(state, snapshot, rendered, textual);
                return record(state, report.withHealth(convergence.health(state, rendered.desired())));
            });
        }
    }

    /**
     * Reads now what the first check or sync of {@code environment} reads from the cluster whatever the render holds
     * (its inventory), so a one-shot command can do it while it reads Git and renders. A failure is not reported here:
     * nothing is kept, and the check reads again and reports it as it always does.
     */
    public void prepare(String environment) {
        EnvironmentState state = state(environment);
        synchronized (state) {
            if (state.inventory == null) {
                try {
                    state.inventory = inventories.load(environment);
                } catch (PlumblineException | KubernetesClientException e) {
                    LOG.debug("{}: inventory not read ahead, the check reads it: {}", environment, e.toString());
                }
            }
        }
    }

    /** The last report of an environment (Unknown before its first check). */
    public Optional<EnvironmentReport> report(String environment) {
        EnvironmentState s = states.get(environment);
        return Optional.ofNullable(s == null ? null : s.report);
    }

    /**
     * The environments a push that changed {@code paths} affects: those whose last render read a changed file or
     * listed the folder of an added one, those never rendered yet or whose last check failed, and all of them when the
     * push names no files.
     */
    public List<String> affectedBy(Collection<String> environments, Collection<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return List.copyOf(environments);
        }
        return environments.stream().filter(env -> {
            EnvironmentState s = states.get(env);
            EnvironmentState.Rendered r = s == null ? null : s.latestRender();
            // A failing environment may be fixed by a file its last good render never read: any push affects it.
            return r == null || s.report.stale() || paths.stream().anyMatch(r.reads()::affectedBy);
        }).toList();
    }

    /** Subscribes to live changes of an environment's objects that are not echoes of Plumbline's own apply. */
    public AutoCloseable onLiveChange(String environment, Runnable listener) {
        EnvironmentState state = state(environment);
        return state.changes.subscribe(state, listener);
    }

    /** Whether watch events since the last cycle still need one (see {@link LiveChanges}). */
    public boolean needsCycle(String environment) {
        EnvironmentState state = state(environment);
        return state.changes.needsCycle(state);
    }

    public ClusterConnection cluster() {
        return cluster;
    }

    // ---- steps ----------------------------------------------------------------------------------------------------

    /** The gate: the head judged by the approved policy (see {@link SyncDecision}, {@link ApprovedPolicy}). */
    private SyncDecision decide(EnvironmentState state, Snapshot head, EnvironmentControl control) {
        if (ownership(state).isPresent()) {
            // another source's environment: its pin and last applied revision name commits of that source, which this
            // one may not even have; look at the head only (the check then reports the Conflict, nothing moves)
            return new SyncDecision(head.revision().sha(), null, false, Trigger.POLL,
                    "another source owns the environment", false, false, List.of());
        }
        control = claimable(state, control);
        EnvironmentLimits limits = limits(state);
        EnvironmentPolicy governing = approved.governing(state.environment, control.lastAppliedRevision(), limits);
        EnvironmentPolicy headPolicy = limits.govern(render(state, head).environment().policy());
        return SyncDecision.target(governing, headPolicy, head.revision().sha(), control);
    }

    /**
     * An environment no source owns (released by an operator, or written by an earlier release) whose recorded
     * revisions this source does not have was another source's: its approvals, pin and last applied revision do not
     * carry over, so this source starts as on a first sync (the agent configuration governs). An owned environment
     * whose last applied commit vanished (force-push) keeps its state and holds (see {@link ApprovedPolicy}).
     */
    private EnvironmentControl claimable(EnvironmentState state, EnvironmentControl control) {
        if (state.inventory == null || state.inventory.owner() != null || control.lastAppliedRevision() == null) {
            return control;
        }
        try {
            source.at(control.lastAppliedRevision());
            return control;
        } catch (dev.plumbline.source.SourceException e) {
            LOG.info("{}: unowned, and its last applied revision {} is not in this source: starting as a first sync",
                    state.environment, control.lastAppliedRevision());
            return EnvironmentControl.empty();
        }
    }

    /**
     * The gate for the report after a manual sync: a head that does not render (the reason to roll back) waits like
     * any unapproved head, instead of failing a sync that has already been applied.
     */
    private SyncDecision decideAfterSync(EnvironmentState state, Snapshot head, EnvironmentControl control) {
        try {
            return decide(state, head, control);
        } catch (RenderException e) {
            EnvironmentLimits limits = limits(state);
            EnvironmentPolicy governing = approved.governing(state.environment, control.lastAppliedRevision(), limits);
            EnvironmentPolicy held = new EnvironmentLimits(null, null, true).govern(governing);
            return SyncDecision.target(governing, held, head.revision().sha(), control);
        }
    }

    private EnvironmentLimits limits(EnvironmentState state) {
        return limits(state.environment);
    }

    private EnvironmentLimits limits(String environment) {
        return limits.getOrDefault(environment, EnvironmentLimits.none());
    }

    private EnvironmentState.Rendered render(EnvironmentState state, Snapshot snapshot) {
        String sha = snapshot.revision().sha();
        EnvironmentState.Rendered cached = state.rendered(sha);
        if (cached != null) {
            return cached;
        }
        RecordingTree tree = new RecordingTree(snapshot.tree());
        RenderedEnvironment rendered = RenderedEnvironment.render(tree, state.environment, limits(state), kindScopes);
        LOG.info("{}: rendered {} objects at {}", state.environment, rendered.state().objects().size(), snapshot.revision().shortSha());
        EnvironmentState.Rendered fresh = new EnvironmentState.Rendered(sha, rendered, DesiredObjects.prepare(rendered.state()), tree.reads());
        state.rendered(fresh);
        return fresh;
    }

    private EnvironmentReport diffReport(EnvironmentState state, Snapshot snapshot, EnvironmentState.Rendered rendered,
                                         Map<ResourceKey, DiffResult> textual) {
        long started = System.nanoTime();
        Optional<OwnershipConflict> conflict = ownership(state); // the inventory is then kept: the agent is its only writer
        if (conflict.isPresent()) {
            return EnvironmentReport.conflict(state.environment, snapshot.revision(), Instant.now(), conflict.get().message());
        }
        state.live.verifyFollowing(); // a watch down and the API server silent: report the outage, not the cache
        var entries = state.drift.check(state, rendered.environment(), rendered.desired(), textual);
        EnvironmentReport report = EnvironmentReport.of(state.environment, snapshot.revision(), Instant.now(), entries);
        metrics.checked(report, System.nanoTime() - started);
        return report;
    }

    /**
     * Syncs come from this reconciler's source, which claims an unclaimed environment, and prune stays inside the
     * operator's limits as inside Git's restrictions.
     */
    private SyncOptions syncOptions(EnvironmentState state) {
        return SyncOptions.defaults().withOwner(owner).withLimits(RenderedEnvironment.bound(limits(state.environment)));
    }

    /**
     * The conflict if another source owns the environment, by the inventory the agent holds; read now if none is held,
     * or if it names another owner (that owner, not this agent, writes it: an operator may release it at any time).
     */
    private Optional<OwnershipConflict> ownership(EnvironmentState state) {
        if (state.inventory == null || state.inventory.conflictWith(owner).isPresent()) {
            state.inventory = inventories.load(state.environment);
        }
        return state.inventory.conflictWith(owner);
    }

    private EnvironmentReport finish(EnvironmentState state, EnvironmentReport report, SyncDecision decision,
                                     EnvironmentState.Rendered rendered) {
        EnvironmentControl c = convergence.control(state);
        return record(state, report.withGate(new EnvironmentReport.Gate(decision.target(), decision.pending(),
                        c.pinnedRevision(), c.lastAppliedRevision(), decision.reason(), decision.policyChanges()))
                .withHealth(convergence.health(state, rendered.desired())).withLastSync(state.lastSync));
    }

    private EnvironmentReport guarded(EnvironmentState state, java.util.function.Supplier<EnvironmentReport> step) {
        try {
            return step.get();
        } catch (RenderException e) {
            return fail(state, e.getMessage(), e.problems().stream().map(RenderProblem::toString).toList());
        } catch (PlumblineException | KubernetesClientException e) {
            return fail(state, e.getMessage(), List.of());
        }
    }

    private EnvironmentReport record(EnvironmentState state, EnvironmentReport fresh) {
        EnvironmentReport report = fresh.withBackoff(state.backoff);
        EnvironmentReport previous = state.report;
        state.report = report;
        boolean changed = previous == null || previous.revision() == null || previous.stale()
                || !previous.status().equals(report.status()) || !previous.counts().equals(report.counts())
                || !previous.revision().sha().equals(report.revision().sha());
        if (changed) { // a steady state logs nothing every poll; changes always
            LOG.info("{}: {} at {}: {}", report.environment(), report.status(), report.revision().shortSha(), report.counts());
        } else {
            LOG.debug("{}: unchanged, {} at {}", report.environment(), report.status(), report.revision().shortSha());
        }
        return report;
    }

    private EnvironmentReport fail(EnvironmentState state, String message, List<String> problems) {
        LOG.warn("{}: check failed, last good state kept: {}", state.environment, message);
        problems.forEach(p -> LOG.warn("  {}", p));
        metrics.failed(state.environment);
        state.report = state.report.failed(Instant.now(), message, problems);
        return state.report;
    }

    /**
     * The environment's parts. With a ServiceAccount in its limits, everything that reads or writes its objects (watch
     * cache, dry-run diffs, apply, prune, health reads, events) goes through a connection impersonating it, so the API
     * server's RBAC for that account is the final word; inventory, history and gate state stay on the agent's identity.
     * Discovery stays the agent's too: it says which kinds exist, not what anyone may do with them.
     */
    private EnvironmentState state(String environment) {
        return states.computeIfAbsent(environment, e -> {
            ClusterConnection own = limits(e).impersonate(stateNamespace)
                    .map(account -> cluster.impersonating(account.username(), account.groups())).orElse(null);
            ClusterConnection connection = own == null ? cluster : own;
            DiffEngine diff = own == null ? diffEngine : new DiffEngine(own.reconcileClient(), DiffOptions.defaults());
            DriftCheck check = own == null ? drift : new DriftCheck(discovery, diff, pool, watchNamespaces);
            LiveCache live = new LiveCache(connection, e, liveOptions);
            SyncEngine engine = new SyncEngine(connection, discovery, LiveObjects.cached(live, discovery), diff, inventories, health);
            if (own != null) {
                LOG.info("{}: every request impersonates {}", e, own.impersonatedUser());
            }
            return new EnvironmentState(e, live, engine, check, new LiveChanges(diff.cache()), own);
        });
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
        states.values().forEach(EnvironmentState::close);
        states.clear();
    }
}
