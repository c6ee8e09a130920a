package dev.plumbline.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.plumbline.bench.Benchmark.ENV;
import static dev.plumbline.bench.Benchmark.ms;
import static dev.plumbline.bench.Benchmark.say;

/**
 * Status churn (issue 17): the running agent (poll every second, selfHeal off as the event phases left it) while a
 * tenth of the objects — Deployments, the kind a controller keeps writing — get a {@code /status} write through the
 * status subresource every second, as their controller would. Measures reconcile API calls per cycle (the target is
 * 0) and edit → report during the churn (the target is under a second).
 */
final class ChurnPhase implements AutoCloseable {

    private static final int WRITERS = 8;

    private final Benchmark bench;
    private final Results results;
    private final int n;
    private final int runs;
    private final KubernetesClient client;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** The value each second writes; the API server refuses a collisionCount that goes down. */
    private final AtomicLong tick = new AtomicLong();

    ChurnPhase(Benchmark bench) {
        this.bench = bench;
        this.results = bench.results;
        this.n = bench.n;
        this.runs = bench.runs;
        this.client = bench.client;
    }

    void run() throws Exception {
        Results.Row row = results.row(n, "steady-state check while 10 % of objects get a `/status` write every second (running agent, poll 1 s; reconcile calls per cycle)", true);
        Results.Row report = results.row(n, "edit → report during that status churn (selfHeal off; from the edit seen on a watch)", true);
        try (AgentProcess agent = AgentProcess.start(bench.javaBin, bench.jar, bench.kubeconfig, bench.repo.dir(), ENV,
                Duration.ofSeconds(1), bench.work.resolve("agent-churn"), bench.work.resolve("logs"), "agent-churn")) {
            bench.remember(agent);
            agent.awaitSummary(ENV, s -> AgentProcess.synced(s, null), Duration.ofMinutes(15), 20);
            long started = System.nanoTime();
            ticks.scheduleAtFixedRate(this::writeStatuses, 0, 1, TimeUnit.SECONDS);
            AgentProcess.sleep(3000);
            cycles(agent, row, Duration.ofSeconds(Math.max(15, runs * 3L)));
            edits(agent, report);
            ticks.shutdownNow();
            double seconds = (System.nanoTime() - started) / 1e9;
            row.note = row.plumbline.wall.size() + " cycles; " + writes.get() + " status writes in "
                    + String.format(Locale.ROOT, "%.0f s (%.0f/s), %d refused", seconds, writes.get() / seconds, failures.get());
            say("status churn: " + row.note + "; edit → report median " + ms(Results.median(report.plumbline.wall)));
        }
    }

    /** Cycles as the steady-state phase samples them: each cycle's drift-check time and reconcile calls. */
    private void cycles(AgentProcess agent, Results.Row row, Duration duration) {
        double[] last = agent.diffTimer(ENV);
        long calls = agent.reconcileCalls();
        double cpu = agent.cpuSeconds();
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            AgentProcess.sleep(250);
            double[] now = agent.diffTimer(ENV);
            if (now[0] > last[0]) {
                long c = agent.reconcileCalls();
                double cpuNow = agent.cpuSeconds();
                double cycles = now[0] - last[0];
                row.plumbline.add((now[1] - last[1]) / cycles, (cpuNow - cpu) / cycles, (c - calls) / cycles, Double.NaN);
                last = now;
                calls = c;
                cpu = cpuNow;
            }
        }
    }

    /** {@code kubectl set image} on app 0 while the churn goes on; from the edit seen on a watch to the report. */
    private void edits(AgentProcess agent, Results.Row report) throws Exception {
        String ns = BenchRepo.namespace(ENV, 0);
        String app = BenchRepo.firstApp();
        for (int r = 1; r <= runs; r++) {
            String edited = BenchRepo.IMAGE.replace("1.0.0", "churn-" + r);
            long calls = agent.reconcileCalls();
            double cpu = agent.cpuSeconds();
            CompletableFuture<Long> seen = new CompletableFuture<>();
            try (Watch w = client.apps().deployments().inNamespace(ns).withName(app).watch(imageIs(edited, seen))) {
                bench.run("churn edit " + r, bench.kubectl("-n", ns, "set", "image", "deployment/" + app, BenchRepo.CONTAINER + "=" + edited), 0);
                long reported = agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 1, Duration.ofMinutes(2), 5);
                long edit = seen.get(60, TimeUnit.SECONDS);
                report.plumbline.add((reported - edit) / 1e9, agent.cpuSeconds() - cpu, agent.reconcileCalls() - calls, Double.NaN);
                say("edit → report during churn " + r + ": " + ms((reported - edit) / 1e9));
            }
            bench.run("churn restore " + r, bench.kubectl("-n", ns, "set", "image", "deployment/" + app, BenchRepo.CONTAINER + "=" + BenchRepo.IMAGE), 0);
            agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 0, Duration.ofMinutes(2), 20);
        }
    }

    /** One second's writes: a status-only change to each churned Deployment, spread over the writer threads. */
    private void writeStatuses() {
        List<Integer> apps = new ArrayList<>();
        int deployments = (n + 2) / 3; // object k is kind k % 3 of app k / 3; kind 0 is the Deployment
        for (int a = 0; a < Math.min(deployments, Math.max(1, n / 10)); a++) {
            apps.add(a);
        }
        long value = tick.incrementAndGet();
        for (int a : apps) {
            writers.execute(() -> {
                try {
                    client.apps().deployments().inNamespace(BenchRepo.namespace(ENV, a % BenchRepo.NAMESPACES))
                            .withName(BenchRepo.app(a)).status()
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"collisionCount\":" + value + "}}");
                    writes.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            });
        }
    }

    private static Watcher<Deployment> imageIs(String image, CompletableFuture<Long> when) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                long now = System.nanoTime();
                if (action != Action.DELETED && d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals(image)) {
                    when.complete(now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                when.completeExceptionally(new IllegalStateException("watch closed", cause));
            }
        };
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        writers.shutdownNow();
    }
}
