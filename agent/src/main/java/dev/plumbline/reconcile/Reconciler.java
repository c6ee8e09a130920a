package dev.plumbline.reconcile;

import dev.plumbline.diff.DiffEngine;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.inventory.InventoryStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.live.Discovery;
import dev.plumbline.live.LiveCache;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;
import dev.plumbline.resource.PlumblineException;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one orchestrator. {@link #check} reads like the script it is: source → render → live → diff → report.
 * A failed fetch or render never reaches the cluster: the last good report stays, marked stale, with the error.
 */
public final class Reconciler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final ClusterConnection cluster;
    private final RevisionSource source;
    private final InventoryStore inventories;
    private final DiffEngine diffEngine;
    private final DriftCheck drift;
    private final ExecutorService pool;
    private final ReconcileMetrics metrics;
    private final Map<String, EnvironmentState> states = new ConcurrentHashMap<>();

    public Reconciler(ClusterConnection cluster, RevisionSource source, ReconcilerOptions options, MeterRegistry registry) {
        this.cluster = cluster;
        this.source = source;
        this.inventories = new InventoryStore(cluster.reconcileClient(), options.stateNamespace());
        this.diffEngine = new DiffEngine(cluster.reconcileClient(), DiffOptions.defaults());
        this.pool = Executors.newFixedThreadPool(options.diffParallelism(), daemon("plumbline-diff"));
        this.drift = new DriftCheck(new Discovery(cluster), diffEngine, pool);
        this.metrics = new ReconcileMetrics(registry == null ? new SimpleMeterRegistry() : registry, cluster);
    }

    /** One drift check of one environment at the branch's newest revision. */
    public EnvironmentReport check(String environment) {
        return check(environment, null, null);
    }

    /**
     * One drift check; {@code revision} names another revision (null: newest). {@code textual}, when given,
     * receives both compared objects of every drifted object, for a text diff.
     */
    public EnvironmentReport check(String environment, String revision, Map<ResourceKey, DiffResult> textual) {
        EnvironmentState state = state(environment);
        synchronized (state) { // one cycle per environment at a time, whoever asks (schedule, API, webhook)
            return checkLocked(state, revision, textual);
        }
    }

    private EnvironmentReport checkLocked(EnvironmentState state, String revision, Map<ResourceKey, DiffResult> textual) {
        String environment = state.environment;
        long started = System.nanoTime();
        try {
            Snapshot snapshot = metrics.timeFetch(() -> revision == null ? source.latest() : source.at(revision));
            EnvironmentState.Rendered rendered = render(state, snapshot);
            loadInventory(state);
            List<DriftEntry> entries = drift.check(state, rendered.environment(), rendered.desired(), textual);
            EnvironmentReport report = EnvironmentReport.of(environment, snapshot.revision(), Instant.now(), entries);
            metrics.checked(report, System.nanoTime() - started);
            return record(state, report);
        } catch (RenderException e) {
            return fail(state, e.getMessage(), e.problems().stream().map(RenderProblem::toString).toList());
        } catch (PlumblineException | KubernetesClientException e) {
            return fail(state, e.getMessage(), List.of());
        }
    }

    /** The last report of an environment (Unknown before its first check). */
    public Optional<EnvironmentReport> report(String environment) {
        EnvironmentState s = states.get(environment);
        return Optional.ofNullable(s == null ? null : s.report);
    }

    public Map<String, EnvironmentReport> reports(Collection<String> environments) {
        Map<String, EnvironmentReport> out = new LinkedHashMap<>();
        environments.forEach(e -> out.put(e, report(e).orElse(EnvironmentReport.unknown(e))));
        return out;
    }

    /**
     * The environments a push that changed {@code paths} affects: those whose last render read a changed file or
     * listed the folder of an added one, those never rendered yet, and all of them when the push names no files.
     */
    public List<String> affectedBy(Collection<String> environments, Collection<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return List.copyOf(environments);
        }
        return environments.stream().filter(env -> {
            EnvironmentState s = states.get(env);
            EnvironmentState.Rendered r = s == null ? null : s.rendered;
            return r == null || paths.stream().anyMatch(r.reads()::affectedBy);
        }).toList();
    }

    public ClusterConnection cluster() {
        return cluster;
    }

    /** Renders once per revision; later cycles at the same revision reuse it. */
    private EnvironmentState.Rendered render(EnvironmentState state, Snapshot snapshot) {
        EnvironmentState.Rendered last = state.rendered;
        String sha = snapshot.revision().sha();
        if (last != null && last.sha().equals(sha) && !sha.equals("worktree")) {
            return last;
        }
        RecordingTree tree = new RecordingTree(snapshot.tree());
        RenderedEnvironment rendered = RenderedEnvironment.render(tree, state.environment);
        LOG.info("{}: rendered {} objects at {}", state.environment, rendered.state().objects().size(), snapshot.revision().shortSha());
        EnvironmentState.Rendered fresh = new EnvironmentState.Rendered(sha, rendered, DesiredObjects.prepare(rendered.state()), tree.reads());
        state.rendered = fresh;
        return fresh;
    }

    /** The inventory is read once and then kept in memory: the agent is its only writer. */
    private void loadInventory(EnvironmentState state) {
        if (state.inventory == null) {
            state.inventory = inventories.load(state.environment);
        }
    }

    private EnvironmentReport record(EnvironmentState state, EnvironmentReport report) {
        state.report = report;
        LOG.info("{}: {} at {}: {}", report.environment(), report.status(), report.revision().shortSha(), report.counts());
        return report;
    }

    private EnvironmentReport fail(EnvironmentState state, String message, List<String> problems) {
        LOG.warn("{}: check failed, last good state kept: {}", state.environment, message);
        problems.forEach(p -> LOG.warn("  {}", p));
        metrics.failed(state.environment);
        state.report = state.report.failed(Instant.now(), message, problems);
        return state.report;
    }

    private EnvironmentState state(String environment) {
        return states.computeIfAbsent(environment, e -> new EnvironmentState(e, new LiveCache(cluster, e)));
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
