package dev.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.plumbline.bench.Benchmark.ENV;
import static dev.plumbline.bench.Benchmark.ms;
import static dev.plumbline.bench.Benchmark.say;

/**
 * Issue 14's rows ({@code PLUMBLINE_BENCH_ONLY=rollout}): {@code plumbline serve} with a canary on app 0's Deployment
 * (4 replicas, steps [50, 100]) among the size's objects. Per run, a new image pushed by signed webhook → the canary
 * Deployment ready at step 1's share (2 of 4 pods) beside the stable one; then a failing version (the simulator fails
 * templates annotated {@code plumbline.dev/simulate: fail}) pushed → the canary deleted and the stable Deployment
 * ready at its full 4 replicas on the stable image (traffic back on stable). Both seen on watches.
 */
final class RolloutPhase {

    static final int REPLICAS = 4;
    static final String INTERVAL = "3s";

    private final Benchmark bench;
    private final int n;
    private final int runs;
    private final BenchRepo repo;

    RolloutPhase(Benchmark bench) {
        this.bench = bench;
        this.n = bench.n;
        this.runs = bench.runs;
        this.repo = bench.repo;
    }

    void run() throws Exception {
        String cm = BenchRepo.firstApp();
        String ns = BenchRepo.namespace(ENV, 0);
        String conditions = "app 0 of " + n + " objects, " + REPLICAS + " replicas, steps [50, 100], interval " + INTERVAL;
        Results.Row step1 = bench.results.row(n, "push → canary step 1: signed webhook → canary Deployment ready at 50 % (" + conditions + ")", true);
        Results.Row back = bench.results.row(n, "failed analysis → traffic back on stable: push of a failing version → canary deleted, stable ready at full size", true);
        List<String> files = List.of("environments/" + ENV + "/plumbline.yaml", repo.firstFile(ENV, ENV));
        String base = write(ns, BenchRepo.IMAGE, false, 0, "bench: rollout on " + cm);
        try (AgentProcess agent = AgentProcess.start(bench.javaBin, bench.jar, bench.kubeconfig, repo.dir(), ENV, Duration.ofHours(1),
                bench.work.resolve("agent-rollout"), bench.work.resolve("logs"), "agent-rollout")) {
            bench.remember(agent);
            agent.awaitSummary(ENV, s -> AgentProcess.synced(s, base), Duration.ofMinutes(15), 200);
            AgentProcess.sleep(1000);
            String stableImage = BenchRepo.IMAGE;
            for (int r = 1; r <= runs; r++) {
                // push → canary at step 1
                String good = BenchRepo.IMAGE.replace("1.0.0", "good-" + r);
                String sha = write(ns, good, false, r, "bench: canary " + r);
                long calls = agent.reconcileCalls();
                double cpu = agent.cpuSeconds();
                CompletableFuture<Long> ready = new CompletableFuture<>();
                try (Watch w = bench.client.apps().deployments().inNamespace(ns).withName(cm + "-canary").watch(watcher(
                        d -> image(d).equals(good) && ready(d, REPLICAS / 2), ready))) {
                    long t0 = System.nanoTime();
                    agent.pushWebhook(sha, files);
                    long t = ready.get(120, TimeUnit.SECONDS);
                    double dc = agent.reconcileCalls() - calls;
                    step1.plumbline.add((t - t0) / 1e9, agent.cpuSeconds() - cpu, dc, Double.NaN);
                    say("rollout " + r + ": canary at step 1 after " + ms((t - t0) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
                awaitRollout(agent, "Promoted", sha);
                stableImage = good;
                AgentProcess.sleep(1000);

                // failing version → traffic back on stable
                String bad = BenchRepo.IMAGE.replace("1.0.0", "bad-" + r);
                String failing = write(ns, bad, true, r, "bench: failing canary " + r);
                calls = agent.reconcileCalls();
                cpu = agent.cpuSeconds();
                CompletableFuture<Long> gone = new CompletableFuture<>();
                CompletableFuture<Long> full = new CompletableFuture<>();
                String stable = stableImage;
                try (Watch wc = bench.client.apps().deployments().inNamespace(ns).withName(cm + "-canary").watch(deleted(gone));
                     Watch ws = bench.client.apps().deployments().inNamespace(ns).withName(cm).watch(backToFull(stable, full))) {
                    long t0 = System.nanoTime();
                    agent.pushWebhook(failing, files);
                    long removed = gone.get(180, TimeUnit.SECONDS);
                    long restored = Math.max(removed, full.get(120, TimeUnit.SECONDS));
                    double dc = agent.reconcileCalls() - calls;
                    back.plumbline.add((restored - t0) / 1e9, agent.cpuSeconds() - cpu, dc, Double.NaN);
                    say("rollout " + r + ": canary removed after " + ms((removed - t0) / 1e9) + ", stable at full size after "
                            + ms((restored - t0) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
                awaitRollout(agent, "RolledBack", failing);
                AgentProcess.sleep(1000);
            }
            step1.note = "the canary's pods made ready by the workload simulator; API calls: the agent's reconcile channel";
            back.note = "the simulator fails the annotated template (progress deadline exceeded); the rollout looks every "
                    + "third of the interval; time includes waiting for that verdict";
        }
    }

    private void awaitRollout(AgentProcess agent, String phase, String sha) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            for (JsonNode r : agent.rollouts(ENV)) {
                if (phase.equals(r.path("phase").asText()) && sha.equals(r.path("canaryRevision").asText())
                        && r.path("cleanedUp").asBoolean()) {
                    return;
                }
            }
            AgentProcess.sleep(200);
        }
        throw new IllegalStateException("rollout of " + sha + " did not reach " + phase + " within 3 minutes");
    }

    /** The environment with a rollout on app 0 (4 replicas) at {@code image}, optionally failing; commits it. */
    private String write(String ns, String image, boolean fail, int pushValue, String message) throws IOException {
        // selfHeal off, as the agent phases leave it: turning it back on loosens the policy, and that revision would
        // wait for an approval (a new revision syncs whatever selfHeal says, so the rollout runs either way)
        repo.writeEnvironment(ENV, ENV, BenchRepo.policy(ns, false) + "rollouts:\n  " + BenchRepo.firstApp() + ":\n"
                + "    strategy: canary\n    service: " + BenchRepo.firstApp() + "\n    steps: [50, 100]\n    interval: "
                + INTERVAL + "\n", pushValue);
        Path file = repo.dir().resolve(repo.firstFile(ENV, ENV));
        String yaml = Files.readString(file); // app 0's Deployment is the file's first object
        yaml = yaml.replaceFirst("replicas: 1\n", "replicas: " + REPLICAS + "\n")
                .replaceFirst(Pattern.quote(BenchRepo.IMAGE), Matcher.quoteReplacement(image));
        if (fail) {
            yaml = yaml.replaceFirst("  template:\n    metadata:\n",
                    "  template:\n    metadata:\n      annotations:\n        plumbline.dev/simulate: fail\n");
        }
        Files.writeString(file, yaml);
        return repo.commit(message);
    }

    private static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static boolean ready(Deployment d, int replicas) {
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return d.getSpec().getReplicas() == replicas && ready != null && ready == replicas
                && d.getStatus().getObservedGeneration() != null
                && d.getStatus().getObservedGeneration() >= d.getMetadata().getGeneration();
    }

    private static Watcher<Deployment> watcher(Predicate<Deployment> condition, CompletableFuture<Long> when) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                long now = System.nanoTime();
                if (action != Action.DELETED && condition.test(d)) {
                    when.complete(now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                when.completeExceptionally(new IllegalStateException("watch closed", cause));
            }
        };
    }

    /** Completes when the stable Deployment, scaled down for the canary, is ready at full size on its image again. */
    private static Watcher<Deployment> backToFull(String image, CompletableFuture<Long> when) {
        boolean[] scaledDown = {false};
        return watcher(d -> {
            scaledDown[0] |= d.getSpec().getReplicas() < REPLICAS;
            return scaledDown[0] && image(d).equals(image) && ready(d, REPLICAS);
        }, when);
    }

    private static Watcher<Deployment> deleted(CompletableFuture<Long> when) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.DELETED) {
                    when.complete(System.nanoTime());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                when.completeExceptionally(new IllegalStateException("watch closed", cause));
            }
        };
    }
}
