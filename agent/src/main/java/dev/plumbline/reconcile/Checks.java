package dev.plumbline.reconcile;

import dev.plumbline.diff.DiffResult;
import dev.plumbline.history.EnvironmentControl;
import dev.plumbline.resource.ResourceKey;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What is asked of an environment without converging it: a drift check at a revision (the API's drift, {@code
 * plumbline diff}), what a cycle would report now ({@code plumbline status}), a one-shot command's read-ahead, and
 * which environments a push affects (the webhook). Each runs under the environment's lock, as the {@link Reconciler}'s
 * runs do, and reports through the same {@link Reports}; nothing here writes to the cluster.
 */
final class Checks {

    private final Environments environments;
    private final RevisionSource source;
    private final HeldInventory inventory;
    private final Renders renders;
    private final Gate gate;
    private final Convergence convergence;
    private final Rollouts rollouts;
    private final ReconcileMetrics metrics;
    private final Reports reports;
    private final BiFunction<EnvironmentState, Snapshot, RolloutSteps.Cycle> cycles;

    Checks(Environments environments, RevisionSource source, HeldInventory inventory, Renders renders, Gate gate,
           Convergence convergence, Rollouts rollouts, ReconcileMetrics metrics, Reports reports,
           BiFunction<EnvironmentState, Snapshot, RolloutSteps.Cycle> cycles) {
        this.environments = environments;
        this.source = source;
        this.inventory = inventory;
        this.renders = renders;
        this.gate = gate;
        this.convergence = convergence;
        this.rollouts = rollouts;
        this.metrics = metrics;
        this.reports = reports;
        this.cycles = cycles;
    }

    /** A drift check; {@code textual}, when given, receives both compared objects of every drifted object. */
    EnvironmentReport check(String environment, String revision, Map<ResourceKey, DiffResult> textual) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            return reports.guarded(state, () -> {
                Snapshot snapshot = metrics.timeFetch(() -> revision == null ? source.latest() : source.at(revision));
                EnvironmentState.Rendered rendered = rollouts.shape(state, renders.render(state, snapshot),
                        () -> convergence.control(state), false, cycles.apply(state, snapshot).renderAt());
                EnvironmentReport report = reports.diff(state, snapshot, rendered, textual);
                return state.reported(report.withHealth(convergence.health(state, rendered.desired())));
            });
        }
    }

    /** What a cycle would report now: the gate chooses the target as in a cycle, that target is diffed, not synced. */
    EnvironmentReport status(String environment) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            return reports.guarded(state, () -> {
                Snapshot head = metrics.timeFetch(source::latest);
                EnvironmentControl control = convergence.control(state);
                SyncDecision decision = gate.decide(state, head, control);
                Snapshot snapshot = gate.at(decision.target(), head);
                EnvironmentState.Rendered rendered = rollouts.shape(state, renders.render(state, snapshot), () -> control, false,
                        cycles.apply(state, head).renderAt());
                EnvironmentReport report = reports.diff(state, snapshot, rendered, null);
                return report.conflicted() ? state.reported(report) : reports.finish(state, report,
                        decision.given(environments.limits(state.environment()).govern(rendered.policy()), control,
                                report.drifted()), rendered);
            });
        }
    }

    /** Reads the environment's inventory ahead of its first check; a failure is left for the check to report. */
    void prepare(String environment) {
        EnvironmentState state = environments.get(environment);
        synchronized (state) {
            inventory.readAhead(state);
        }
    }

    /** The environments a push that changed {@code paths} affects (see {@link Reconciler#affectedBy}). */
    List<String> affectedBy(Collection<String> names, Collection<String> paths) {
        if (paths == null || paths.isEmpty()) {
            return List.copyOf(names);
        }
        return names.stream().filter(env -> {
            EnvironmentState s = environments.find(env).orElse(null);
            EnvironmentState.Rendered r = s == null ? null : s.latestRender();
            // A failing environment may be fixed by a file its last good render never read: any push affects it.
            return r == null || s.report().stale() || paths.stream().anyMatch(r.reads()::affectedBy);
        }).toList();
    }
}
