package dev.plumbline.sync;

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
 * ends and a later one follows, it must have no failed object and become ready ({@link HealthWait}, within the
 * policy's {@code waitTimeout}); otherwise every later object is {@code skipped} with the reason, and the object that
 * did not become healthy is {@code failed}. A dry run does not wait: nothing changed.
 */
final class Waves {

    private final Applier applier;
    private final HealthWait health;
    private final SyncEvents events;
    private final SyncRequest request;

    Waves(Applier applier, HealthWait health, SyncEvents events, SyncRequest request) {
        this.applier = applier;
        this.health = health;
        this.events = events;
        this.request = request;
    }

    /** Applies the plan; {@code answered} sees every object's outcome (with the API server's answer) as it arrives. */
    List<ChangeEntry> apply(SyncPlan plan, Consumer<Applier.Outcome> answered) {
        List<SyncPlan.Step> steps = plan.steps();
        List<ChangeEntry> out = new ArrayList<>();
        List<Applier.Outcome> wave = new ArrayList<>();
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
                List<Applier.Outcome> outcomes = applyStep(step, pool);
                outcomes.forEach(o -> out.add(o.entry()));
                outcomes.forEach(answered);
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

    private List<Applier.Outcome> applyStep(SyncPlan.Step step, ExecutorService pool) {
        List<CompletableFuture<Applier.Outcome>> running = step.objects().stream()
                .map(p -> CompletableFuture.supplyAsync(() -> applier.apply(p), pool)).toList();
        List<Applier.Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Applier.Outcome> future : running) {
            Applier.Outcome outcome;
            try {
                outcome = future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            if (events != null) {
                events.record(outcome.entry(), outcome.answer() == null ? null : outcome.answer().getMetadata().getUid());
            }
            request.options().listener().applied(outcome.entry());
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** Why later waves must not run, or {@code null}; marks an object that never became healthy as failed. */
    private String finishWave(SyncPlan.Step last, List<Applier.Outcome> wave, List<ChangeEntry> out) {
        String name = "wave " + (last.wave() + 1) + " (" + last.label() + ")";
        Optional<ChangeEntry> failed = wave.stream().map(Applier.Outcome::entry)
                .filter(e -> e.action() == Action.FAILED).findFirst();
        if (failed.isPresent()) {
            return "not applied: " + name + " failed: " + failed.get().key() + " " + failed.get().action().json();
        }
        if (request.options().dryRun()) {
            return null;
        }
        List<GenericKubernetesResource> applied = wave.stream().map(Applier.Outcome::answer)
                .filter(a -> a != null).toList();
        Optional<HealthWait.Unready> unready = health.await(applied, request.policy().sync().waitTimeout(),
                request.options().listener());
        if (unready.isEmpty()) {
            return null;
        }
        markUnhealthy(unready.get(), out);
        return "not applied: " + name + " did not become healthy: " + unready.get().message();
    }

    /** The object that did not become healthy is failed; the reason keeps what was done to it. */
    private static void markUnhealthy(HealthWait.Unready unready, List<ChangeEntry> out) {
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
