package dev.plumbline.bench;

import dev.plumbline.history.Trigger;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.GitRevisionSource;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.plumbline.bench.Benchmark.ENV;
import static dev.plumbline.bench.Benchmark.ms;
import static dev.plumbline.bench.Benchmark.say;

/**
 * The benchmark's phases with the running agent, for one size: {@code plumbline serve} as a process (start → first
 * report, push → converged by signed webhook, edit → revert with self-heal, edit → report without, steady-state
 * cycles polling every second with reconcile API calls and heap after GC), then {@code Reconciler.cycle} in this JVM.
 * Uses the size's control plane, repository and result rows from {@link Benchmark}.
 */
final class AgentPhases {

    private final Benchmark bench;
    private final Results results;
    private final int n;
    private final int runs;
    private final BenchRepo repo;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Path work;
    private final Results.Row kubectlCleanDiff;

    AgentPhases(Benchmark bench) {
        this.bench = bench;
        this.results = bench.results;
        this.n = bench.n;
        this.runs = bench.runs;
        this.repo = bench.repo;
        this.client = bench.client;
        this.kubeconfig = bench.kubeconfig;
        this.work = bench.work;
        this.kubectlCleanDiff = bench.kubectlCleanDiff;
    }

    /** Agent with an hour's poll interval: only watch events and webhooks cause runs. */
    void events(String firstSha) throws Exception {
        Results.Row start = results.row(n, "agent start → first report (`plumbline serve`; empty verdict cache: " + (n + 10) + " dry-runs)", false);
        Results.Row push = results.row(n, "push → converged: signed webhook → report Synced at the commit", true);
        Results.Row applied = results.row(n, "push → applied: signed webhook → the change seen on a watch", true);
        Results.Row revert = results.row(n, "edit → revert (self-heal; from the edit seen on a watch)", true);
        Results.Row report = results.row(n, "edit → report (selfHeal off; from the edit seen on a watch)", true);
        try (AgentProcess agent = AgentProcess.start(bench.javaBin, bench.jar, kubeconfig, repo.dir(), ENV, Duration.ofHours(1),
                work.resolve("agent-events"), work.resolve("logs"), "agent-events")) {
            bench.remember(agent);
            firstReport(agent, start, firstSha);
            String cm = BenchRepo.firstApp();
            String ns = BenchRepo.namespace(ENV, 0);
            // push → converged
            for (int r = 1; r <= runs; r++) {
                repo.writeEnvironment(ENV, ENV, BenchRepo.policy(ns, true), r);
                String sha = repo.commit("bench: push " + r);
                String value = String.valueOf(r);
                long calls = agent.reconcileCalls();
                double cpu = agent.cpuSeconds();
                CompletableFuture<Long> seen = new CompletableFuture<>();
                try (Watch w = client.configMaps().inNamespace(ns).withName(cm).watch(watcher(
                        o -> value.equals(o.getData().get("PUSHED")), seen))) {
                    long t0 = System.nanoTime();
                    agent.pushWebhook(sha, List.of(repo.firstFile(ENV, ENV)));
                    long done = agent.awaitSummary(ENV, s -> AgentProcess.synced(s, sha), Duration.ofMinutes(5), 5);
                    long change = seen.get(60, TimeUnit.SECONDS);
                    quiet();
                    double dc = agent.reconcileCalls() - calls;
                    double dcpu = agent.cpuSeconds() - cpu;
                    push.plumbline.add((done - t0) / 1e9, dcpu, dc, Double.NaN);
                    applied.plumbline.add((change - t0) / 1e9, Double.NaN, Double.NaN, Double.NaN);
                    say("push " + r + ": applied " + ms((change - t0) / 1e9) + ", converged " + ms((done - t0) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
            }
            // edit → revert (self-heal)
            for (int r = 1; r <= runs; r++) {
                String edited = BenchRepo.IMAGE.replace("1.0.0", "heal-" + r);
                long calls = agent.reconcileCalls();
                double cpu = agent.cpuSeconds();
                long[] editSeen = {0};
                CompletableFuture<Long> reverted = new CompletableFuture<>();
                try (Watch w = client.apps().deployments().inNamespace(ns).withName(cm).watch(new Watcher<Deployment>() {
                    @Override
                    public void eventReceived(Action action, Deployment d) {
                        long now = System.nanoTime();
                        String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                        if (image.equals(edited) && editSeen[0] == 0) {
                            editSeen[0] = now;
                        } else if (image.equals(BenchRepo.IMAGE) && editSeen[0] != 0) {
                            reverted.complete(now);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        reverted.completeExceptionally(new IllegalStateException("watch closed", cause));
                    }
                })) {
                    bench.run("self-heal edit " + r, bench.kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + edited), 0);
                    long back = reverted.get(120, TimeUnit.SECONDS);
                    agent.awaitSummary(ENV, s -> AgentProcess.synced(s, null) && AgentProcess.count(s, "Modified") == 0, Duration.ofMinutes(2), 20);
                    quiet();
                    double dc = agent.reconcileCalls() - calls;
                    revert.plumbline.add((back - editSeen[0]) / 1e9, agent.cpuSeconds() - cpu, dc, Double.NaN);
                    say("self-heal " + r + ": reverted in " + ms((back - editSeen[0]) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
            }
            // selfHeal off (a push), then edit → report
            // The commit also changes an object: a revision that changes nothing is never recorded as applied, and
            // drift under a not-yet-applied revision is synced as a new revision whatever selfHeal says.
            repo.writeEnvironment(ENV, ENV, BenchRepo.policy(ns, false), runs + 1);
            String observe = repo.commit("bench: selfHeal off");
            agent.pushWebhook(observe, List.of("environments/" + ENV + "/plumbline.yaml", repo.firstFile(ENV, ENV)));
            agent.awaitSummary(ENV, s -> AgentProcess.synced(s, observe), Duration.ofMinutes(2), 20);
            quiet();
            for (int r = 1; r <= runs; r++) {
                String edited = BenchRepo.IMAGE.replace("1.0.0", "observe-" + r);
                long calls = agent.reconcileCalls();
                double cpu = agent.cpuSeconds();
                CompletableFuture<Long> editSeen = new CompletableFuture<>();
                try (Watch w = client.apps().deployments().inNamespace(ns).withName(cm).watch(watcher(
                        d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals(edited), editSeen))) {
                    bench.run("observe edit " + r, bench.kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + edited), 0);
                    long reported = agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 1, Duration.ofMinutes(2), 5);
                    long edit = editSeen.get(60, TimeUnit.SECONDS);
                    double dc = agent.reconcileCalls() - calls;
                    double dcpu = agent.cpuSeconds() - cpu;
                    report.plumbline.add((reported - edit) / 1e9, dcpu, dc, Double.NaN);
                    say("edit → report " + r + ": " + ms((reported - edit) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
                bench.run("observe restore " + r, bench.kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + BenchRepo.IMAGE), 0);
                agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 0, Duration.ofMinutes(2), 20);
                quiet();
            }
            double heap = agent.heapAfterGcMiB(bench.jcmd);
            push.plumbline.memKind = "heap";
            push.plumbline.mem.set(0, heap);
            say("agent (events) heap after GC " + String.format(Locale.ROOT, "%.0f MiB", heap) + ", RSS "
                    + String.format(Locale.ROOT, "%.0f MiB", agent.rssMiB()));
        }
    }

    /** Agent polling every second: steady-state cycles with nothing changed. */
    void steadyState() throws Exception {
        Results.Row start = results.find(n, "agent start → first report");
        Results.Row row = results.row(n, "steady-state check, running agent (poll 1 s; plumbline_diff_duration_seconds per cycle) / one-shot `kubectl diff`", true);
        row.kubectl.wall.addAll(kubectlCleanDiff.kubectl.wall);
        row.kubectl.cpu.addAll(kubectlCleanDiff.kubectl.cpu);
        row.kubectl.calls.addAll(kubectlCleanDiff.kubectl.calls);
        row.kubectl.mem.addAll(kubectlCleanDiff.kubectl.mem);
        try (AgentProcess agent = AgentProcess.start(bench.javaBin, bench.jar, kubeconfig, repo.dir(), ENV, Duration.ofSeconds(1),
                work.resolve("agent-steady"), work.resolve("logs"), "agent-steady")) {
            bench.remember(agent);
            firstReport(agent, start, null);
            AgentProcess.sleep(3000);
            double[] last = agent.diffTimer(ENV);
            long calls = agent.reconcileCalls();
            double cpu = agent.cpuSeconds();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(15, runs * 3L));
            List<Double> cycleCalls = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                AgentProcess.sleep(250);
                double[] now = agent.diffTimer(ENV);
                if (now[0] > last[0]) {
                    long c = agent.reconcileCalls();
                    double cpuNow = agent.cpuSeconds();
                    double cycles = now[0] - last[0];
                    row.plumbline.add((now[1] - last[1]) / cycles, (cpuNow - cpu) / cycles, (c - calls) / cycles, Double.NaN);
                    cycleCalls.add((double) (c - calls));
                    last = now;
                    calls = c;
                    cpu = cpuNow;
                }
            }
            double heap = agent.heapAfterGcMiB(bench.jcmd);
            row.plumbline.memKind = "heap";
            if (!row.plumbline.mem.isEmpty()) {
                row.plumbline.mem.set(0, heap);
            }
            row.note = row.plumbline.wall.size() + " cycles; CPU s per cycle includes the agent's idle work";
            say(String.format(Locale.ROOT, "agent steady state: %d cycles, median %s, %.0f reconcile calls in all, heap after GC %.0f MiB, RSS %.0f MiB",
                    row.plumbline.wall.size(), ms(Results.median(row.plumbline.wall)),
                    cycleCalls.stream().mapToDouble(Double::doubleValue).sum(), heap, agent.rssMiB()));
        }
    }

    private void firstReport(AgentProcess agent, Results.Row row, String sha) {
        long done = agent.awaitSummary(ENV, s -> AgentProcess.synced(s, sha), Duration.ofMinutes(15), 20);
        double rss = agent.rssMiB();
        row.plumbline.memKind = "RSS";
        row.plumbline.add((done - agent.startedNanos) / 1e9, agent.cpuSeconds(), agent.reconcileCalls(), rss);
        say("agent first report after " + String.format(Locale.ROOT, "%.2f s", (done - agent.startedNanos) / 1e9)
                + ", " + agent.reconcileCalls() + " reconcile calls");
        quiet();
    }

    /** Steady-state cycles in this JVM: {@code Reconciler.cycle} (fetch + cached render + diff + health), timed exactly. */
    void inProcessCycles() {
        Results.Row first = results.row(n, "in-process first cycle (empty verdict cache)", true);
        Results.Row row = results.row(n, "steady-state cycle in-process (`Reconciler.cycle`: fetch, cached render, diff, health)", true);
        Results.Row fetch = results.row(n, "… of which Git fetch check (`ls-remote` of the repository, commit tree)", true);
        Results.Row diff = results.row(n, "… of which drift check (`plumbline.diff.duration`)", true);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (ClusterConnection cluster = ClusterConnection.connect(kubeconfig);
             GitSource git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withBranch("main")
                     .withCacheDir(work.resolve("inprocess-cache")));
             Reconciler reconciler = new Reconciler(cluster, new GitRevisionSource(git), ReconcilerOptions.defaults(), registry)) {
            for (int i = 0; i < 25 + runs; i++) {
                Timer diffTimer = registry.find("plumbline.diff.duration").timer();
                Timer fetchTimer = registry.find("plumbline.git.fetch.duration").timer();
                double diffBefore = diffTimer == null ? 0 : diffTimer.totalTime(TimeUnit.NANOSECONDS);
                double fetchBefore = fetchTimer == null ? 0 : fetchTimer.totalTime(TimeUnit.NANOSECONDS);
                long calls = total(cluster.reconcileCalls().snapshot());
                long cpu = os.getProcessCpuTime();
                long t = System.nanoTime();
                EnvironmentReport report = reconciler.cycle(ENV, Trigger.POLL);
                double wall = (System.nanoTime() - t) / 1e9;
                long dc = total(cluster.reconcileCalls().snapshot()) - calls;
                double dcpu = (os.getProcessCpuTime() - cpu) / 1e9;
                if (report.error() != null || !"Synced".equals(report.status())) {
                    throw new IllegalStateException("in-process cycle: " + report.status() + " " + report.error());
                }
                if (i == 0) {
                    first.plumbline.add(wall, dcpu, dc, Double.NaN);
                } else if (i >= 5) { // four more warm the JIT up
                    row.plumbline.add(wall, dcpu, dc, Double.NaN);
                    double d = registry.find("plumbline.diff.duration").timer().totalTime(TimeUnit.NANOSECONDS) - diffBefore;
                    double f = registry.find("plumbline.git.fetch.duration").timer().totalTime(TimeUnit.NANOSECONDS) - fetchBefore;
                    diff.plumbline.add(d / 1e9, Double.NaN, Double.NaN, Double.NaN);
                    fetch.plumbline.add(f / 1e9, Double.NaN, Double.NaN, Double.NaN);
                }
            }
        }
        double max = row.plumbline.wall.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        row.note = row.plumbline.wall.size() + " cycles, max " + ms(max);
        say("in-process cycle: median " + ms(Results.median(row.plumbline.wall)) + ", max " + ms(max) + "; fetch "
                + ms(Results.median(fetch.plumbline.wall)) + ", diff " + ms(Results.median(diff.plumbline.wall)));
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> watcher(Predicate<T> condition, CompletableFuture<Long> when) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                long now = System.nanoTime();
                if (action != Action.DELETED && condition.test(resource)) {
                    when.complete(now);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                when.completeExceptionally(new IllegalStateException("watch closed", cause));
            }
        };
    }

    /** Lets trailing events (a rollout's simulated status, echoes of an apply) settle before the next sample. */
    private static void quiet() {
        AgentProcess.sleep(1000);
    }
}
