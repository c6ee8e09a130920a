package dev.plumbline.reconcile;

import dev.plumbline.config.EnvironmentPolicy;
import dev.plumbline.config.Rollout;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.history.RolloutStore;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.rollout.Analyses;
import dev.plumbline.rollout.RolloutStrategy;
import dev.plumbline.rollout.RolloutTarget;
import dev.plumbline.rollout.Strategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The pipeline's side of rollouts: when one starts, what the desired state is while it runs, and the records in the
 * cluster ({@link RolloutStore}, kept in memory after the first read so a steady state makes no call). The strategy
 * ({@link RolloutStrategy}) does the rollout's own writes and judgements; the {@link Reconciler} does the syncs a
 * verdict asks for (promotion, rollback). Runs under the environment's lock, like everything the pipeline does.
 */
final class Rollouts {

    private static final Logger LOG = LoggerFactory.getLogger(Rollouts.class);
    /** How often an active rollout is looked at, at most: a failing step is seen well within one interval. */
    private static final Duration MAX_LOOK = Duration.ofSeconds(10);

    private final RolloutStore store;
    private final Strategies strategies;
    private final Analyses analyses;
    private final ClusterConnection cluster;
    private final Clock clock;
    private final Map<String, Map<String, RolloutRecord>> records = new ConcurrentHashMap<>();
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Map<String, Integer> begun = new ConcurrentHashMap<>();

    private final RolloutMetrics metrics;

    Rollouts(RolloutStore store, Strategies strategies, Analyses analyses, ClusterConnection cluster, Clock clock,
             RolloutMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.strategies = strategies;
        this.analyses = analyses;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** Every rollout recorded for the environment, by name. */
    Map<String, RolloutRecord> records(String environment) {
        return records.computeIfAbsent(environment, e -> new TreeMap<>(store.load(e)));
    }

    /** Forgets the records read, so the next use reads the cluster (another agent may have written). */
    void forget(String environment) {
        records.remove(environment);
    }

    RolloutRecord save(String environment, RolloutRecord record) {
        RolloutRecord saved = store.save(environment, record);
        records(environment).put(saved.name(), saved);
        metrics.recorded(environment, saved);
        return saved;
    }

    /** Whether this agent has read the environment's rollout records (only then can one be in charge). */
    boolean known(String environment) {
        return records.containsKey(environment);
    }

    /** How many rollouts the last {@link #shape} began (each creates one object of its own); resets the count. */
    int begun(String environment) {
        Integer n = begun.remove(environment);
        return n == null ? 0 : n;
    }

    /** When the next look at an active rollout is due ({@code empty}: none runs). */
    Optional<Instant> due(String environment) {
        return Optional.ofNullable(due.get(environment));
    }

    /**
     * The render of {@code sha} as the pipeline compares and applies it: a rolled-out Deployment of an active rollout
     * of {@code sha} as its strategy holds it. With {@code mayStart} (a sync that may converge: not a dry run, not
     * suspended) a revision changing a rolled-out Deployment's pod template starts a rollout, recorded before the sync.
     */
    EnvironmentState.Rendered shape(EnvironmentState state, EnvironmentState.Rendered rendered,
                                    java.util.function.Supplier<EnvironmentControl> control, boolean mayStart, Function<String, EnvironmentState.Rendered> renderAt) {
        EnvironmentPolicy policy = rendered.policy();
        if (policy.rollouts().isEmpty() && !records.containsKey(state.environment())
                && !(mayStart && control.get().rolloutsActive())) {
            // no rollout configured, none read, and the control state (read by every sync cycle anyway) says none is
            // active: nothing to shape, no call. When one is active (an agent restarting onto a revision that dropped
            // rollouts:) the records are read below, so endUnconfigured ends it and the next look deletes its canary.
            return rendered;
        }
        if (mayStart) {
            records(state.environment());
        }
        List<DesiredObject> desired = rendered.desired();
        if (mayStart && records.containsKey(state.environment())) {
            endUnconfigured(state, policy, desired, rendered.sha());
        }
        for (Rollout r : policy.rollouts()) {
            Optional<RolloutStrategy> strategy = strategies.find(r.strategy());
            DesiredObject deployment = deployment(desired, r.name()).orElse(null);
            if (strategy.isEmpty() || deployment == null) {
                continue;
            }
            RolloutRecord record = current(state, r, rendered.sha(), deployment, control, mayStart && !policy.sync().suspend(), renderAt);
            if (record != null && record.active() && record.canaryRevision().equals(rendered.sha())) {
                desired = strategy.get().shape(target(state, r, record, renderAt), record, desired);
            }
        }
        return desired == rendered.desired() ? rendered
                : new EnvironmentState.Rendered(rendered.sha(), rendered.policy(), desired, rendered.reads());
    }

    /**
     * A revision that no longer configures a running rollout (an approved removal: {@code rollouts} is a gate key), or
     * no longer renders its Deployment, is synced plainly: the rollout ends here, and the next look deletes its canary,
     * so the rollout never fights the sync over the stable Deployment.
     */
    private void endUnconfigured(EnvironmentState state, EnvironmentPolicy policy, List<DesiredObject> desired, String sha) {
        for (RolloutRecord record : List.copyOf(records(state.environment()).values())) {
            boolean configured = policy.rollout(record.name()).isPresent() && deployment(desired, record.name()).isPresent();
            if (record.active() && !configured) {
                LOG.info("{}: rollout {} ends: {} no longer configures it", state.environment(), record.name(), sha);
                save(state.environment(), record.withPhase(RolloutRecord.Phase.RolledBack, "ended: revision " + sha
                        + " no longer configures rollout " + record.name() + "; its Deployment is synced plainly"));
            }
        }
    }

    /** The rollout record governing {@code sha}'s Deployment, starting, following or ending a rollout as needed. */
    private RolloutRecord current(EnvironmentState state, Rollout r, String sha, DesiredObject deployment,
                                  java.util.function.Supplier<EnvironmentControl> control, boolean mayStart,
                                  Function<String, EnvironmentState.Rendered> renderAt) {
        String env = state.environment();
        RolloutRecord record = records(env).get(r.name());
        if (record != null && record.active()) {
            if (record.canaryRevision().equals(sha) || !mayStart) {
                return record;
            }
            if (sameTemplate(deployment, deploymentAt(renderAt, record.stableRevision(), r.name()))) {
                return null; // the revision goes back to the stable template: the next look ends the rollout
            }
            if (sameTemplate(deployment, deploymentAt(renderAt, record.canaryRevision(), r.name()))) {
                return save(env, follow(record, sha)); // only other files changed: the same canary, another revision
            }
            LOG.info("{}: rollout {} restarts at step 1 for {} (a newer pod template)", env, r.name(), sha);
            return save(env, begin(r, deployment, record.stableRevision(), sha));
        }
        if (!mayStart) {
            return record; // a check or a dry run: the control state is not read (a one-shot check makes no such call)
        }
        String stable = control.get().lastAppliedRevision();
        if (stable == null || stable.equals(sha)) {
            return record;
        }
        DesiredObject before = deploymentAt(renderAt, stable, r.name());
        if (before == null || sameTemplate(deployment, before)) {
            return record; // a first deployment, or the pod template unchanged: a plain sync
        }
        LOG.info("{}: rollout {} begins: {} → {}, steps {}", env, r.name(), stable, sha, r.steps());
        begun.merge(env, 1, Integer::sum);
        return save(env, begin(r, deployment, stable, sha));
    }

    private RolloutRecord begin(Rollout r, DesiredObject deployment, String stable, String canary) {
        RolloutRecord fresh = new RolloutRecord(r.name(), deployment.namespace(), r.strategy().word(),
                RolloutRecord.Phase.Progressing, 1, r.weight(0), stable, canary, clock.instant(), 0, List.of(),
                null, false, null);
        return fresh.withPhase(RolloutRecord.Phase.Progressing, "step 1 of " + r.steps().size() + " (" + r.weight(0) + "%): began");
    }

    private static RolloutRecord follow(RolloutRecord r, String sha) {
        return new RolloutRecord(r.name(), r.namespace(), r.strategy(), r.phase(), r.step(), r.weight(), r.stableRevision(),
                sha, r.stepStartedAt(), r.inconclusive(), r.analysis(), r.message(), r.cleanedUp(), r.updatedAt());
    }

    /** What one strategy works on for {@code record}: the Deployment at both revisions, the Service, the connection. */
    RolloutTarget target(EnvironmentState state, Rollout r, RolloutRecord record,
                         Function<String, EnvironmentState.Rendered> renderAt) {
        EnvironmentState.Rendered canary = renderAt.apply(record.canaryRevision());
        DesiredObject deployment = deployment(canary.desired(), r.name()).orElseThrow();
        DesiredObject stable = Objects.requireNonNullElse(deploymentAt(renderAt, record.stableRevision(), r.name()), deployment);
        DesiredObject service = canary.desired().stream().filter(o -> "Service".equals(o.kind()) && r.service().equals(o.name())
                && Objects.equals(o.namespace(), deployment.namespace())).findFirst().orElse(null);
        var router = r.router() == null ? null : strategies.router(r.router().kind()).orElse(null);
        return new RolloutTarget(state.environment(), r, deployment, stable, service, state.connection(cluster).reconcileClient(),
                analyses, router, canary.desired());
    }

    /** Places the next look: at the end of the step's interval, and at least every {@link #MAX_LOOK} or third interval. */
    void looked(String environment, Rollout r, RolloutRecord record) {
        if (!record.active()) {
            due.remove(environment);
            return;
        }
        Duration every = r.interval().dividedBy(3);
        every = every.compareTo(MAX_LOOK) > 0 ? MAX_LOOK : every.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : every;
        Instant end = record.stepStartedAt().plus(r.interval());
        Instant next = clock.instant().plus(every);
        Instant at = end.isAfter(clock.instant()) && end.isBefore(next) ? end : next;
        due.merge(environment, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    void clearDue(String environment) {
        due.remove(environment);
    }

    static Optional<DesiredObject> deployment(List<DesiredObject> desired, String name) {
        return desired.stream().filter(o -> "Deployment".equals(o.kind()) && name.equals(o.name())).findFirst();
    }

    private static DesiredObject deploymentAt(Function<String, EnvironmentState.Rendered> renderAt, String sha, String name) {
        try {
            return deployment(renderAt.apply(sha).desired(), name).orElse(null);
        } catch (RuntimeException e) { // a revision that no longer renders cannot be the stable one
            LOG.warn("rollout {}: {} does not render: {}", name, sha, e.getMessage());
            return null;
        }
    }

    /** The pod template decides: another replica count or label is a plain change, not a new version. */
    static boolean sameTemplate(DesiredObject a, DesiredObject b) {
        return a != null && b != null && Objects.equals(template(a), template(b));
    }

    private static Object template(DesiredObject d) {
        return d.body().get("spec") instanceof Map<?, ?> spec ? spec.get("template") : null;
    }
}
