package dev.plumbline.sync;

import dev.plumbline.engine.Applied;
import dev.plumbline.engine.ApplyRequest;
import dev.plumbline.engine.Engine;
import dev.plumbline.engine.Unready;
import dev.plumbline.health.HealthCheck;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link SyncPlan}'s steps in order, the objects of one step in parallel on a bounded pool. When a wave
 * ends and a later one follows, it must have no failed object and become ready (the engine's wait, within the
 * policy's {@code waitTimeout}); otherwise every later object is {@code skipped} with the reason, and the object that
 * did not become healthy is {@code failed}. A dry run does not wait: nothing changed.
 */
final class Waves {

    private final Engine engine;
    private final ApplyRequest apply;
    private final HealthCheck health;
    private final SyncRequest request;

    Waves(Engine engine, ApplyRequest apply, HealthCheck health, SyncRequest request) {
        this.engine = engine;
        this.apply = apply;
        this.health = health;
        this.request = request;
    }

    /** Applies the plan; {@code answered} sees every object's outcome (with the API server's answer) as it arrives. */
    List<ChangeEntry> apply(SyncPlan plan, Consumer<Applied> answered) {
        List<SyncPlan.Step> steps = plan.steps();
        List<ChangeEntry> out = new ArrayList<>();
        List<Outcome> wave = new ArrayList<>();
        String stop = null;
        ExecutorService pool = pool();
        try {
            for (int i = 0; i < steps.size(); i++) {
                SyncPlan.Step step = steps.get(i);
                if (stop != null) {
                    skipAll(step, stop, out);
                    continue;
                }
                request.options().listener().wave(i + 1, steps.size(), step.description());
                List<Outcome> outcomes = applyStep(step, pool);
                outcomes.forEach(o -> out.add(o.entry()));
                outcomes.forEach(o -> answered.accept(o.applied()));
                wave.addAll(outcomes);
                boolean waveEnds = i + 1 == steps.size() || steps.get(i + 1).wave() != step.wave();
                if (waveEnds && i + 1 < steps.size()) {
                    stop = finishWave(step, wave, out);
                    wave.clear();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** One object's line in the ChangeSet, with the engine's outcome it came from (its answer feeds the wait). */
    private record Outcome(ChangeEntry entry, Applied applied) {

        GenericKubernetesResource answer() {
            return applied.answer();
        }
    }

    private List<Outcome> applyStep(SyncPlan.Step step, ExecutorService pool) {
        List<CompletableFuture<Applied>> running = step.objects().stream()
                .map(p -> CompletableFuture.supplyAsync(() -> engine.apply(p.object(), p.verdict(), apply), pool))
                .toList();
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Applied> future : running) {
            Outcome outcome;
            try {
                Applied applied = future.join();
                outcome = new Outcome(ChangeEntry.of(applied), applied);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            request.options().listener().applied(outcome.entry());
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** Why later waves must not run, or {@code null}; marks an object that never became healthy as failed. */
    private String finishWave(SyncPlan.Step last, List<Outcome> wave, List<ChangeEntry> out) {
        String name = "wave " + (last.wave() + 1) + " (" + last.label() + ")";
        Optional<ChangeEntry> failed = wave.stream().map(Outcome::entry)
                .filter(e -> e.action() == Action.FAILED).findFirst();
        if (failed.isPresent()) {
            return "not applied: " + name + " failed: " + failed.get().key() + " " + failed.get().action().json();
        }
        if (request.options().dryRun()) {
            return null;
        }
        List<GenericKubernetesResource> applied = wave.stream().map(Outcome::answer)
                .filter(a -> a != null).toList();
        Optional<Unready> unready = engine.await(applied, health, request.policy().sync().waitTimeout(),
                request.options().listener()::waiting);
        if (unready.isEmpty()) {
            return null;
        }
        markUnhealthy(unready.get(), out);
        return "not applied: " + name + " did not become healthy: " + unready.get().message();
    }

    /** The object that did not become healthy is failed; the reason keeps what was done to it. */
    private static void markUnhealthy(Unready unready, List<ChangeEntry> out) {
        for (int i = 0; i < out.size(); i++) {
            ChangeEntry e = out.get(i);
            if (e.key().equals(unready.key())) {
                out.set(i, new ChangeEntry(e.apiVersion(), e.kind(), e.namespace(), e.name(), Action.FAILED,
                        e.action().json() + ", then " + unready.message(), e.takenFrom()));
                return;
            }
        }
    }

    private void skipAll(SyncPlan.Step step, String reason, List<ChangeEntry> out) {
        for (SyncPlan.Planned p : step.objects()) {
            ChangeEntry skipped = ChangeEntry.of(p.object().key(), p.object().apiVersion(), Action.SKIPPED, reason);
            request.options().listener().applied(skipped);
            out.add(skipped);
        }
    }

    private ExecutorService pool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(request.options().parallelism(), r -> {
            Thread t = new Thread(r, "plumbline-sync-" + request.environment() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
