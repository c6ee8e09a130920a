package dev.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.controlplane.SimulatorOptions;
import dev.plumbline.controlplane.WorkloadSimulator;
import dev.plumbline.history.Trigger;
import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.GitRevisionSource;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.source.Revision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plumbline against kubectl on the same objects, as whole processes where a user would run them, on a local
 * kube-apiserver 1.20.2 + etcd (127.0.0.1) with the workload-status simulator. Run by the Maven profile {@code bench}
 * (see the README); never part of {@code ./mvnw verify}.
 *
 * <p>System properties: {@code bench.sizes} (default {@code 100}), {@code bench.runs} (one number, or one per size,
 * default 3), {@code bench.module} (the agent module folder: jar in {@code target/plumbline.jar}, output in
 * {@code target/bench/}). For profiling: {@code PLUMBLINE_BENCH_JVM_ARGS} (environment) adds JVM options to every
 * plumbline process (e.g. {@code -XX:StartFlightRecording=filename=/tmp/jfr/}), and {@code PLUMBLINE_BENCH_ONLY=cold}
 * runs only render and cold sync.
 *
 * <p>Per size, with a fresh control plane: render in-process; cold sync ({@code plumbline sync} vs
 * {@code kubectl apply --server-side -R}), each run into its own fresh namespaces (namespaces cannot be deleted
 * without a controller-manager); one-shot checks with nothing changed and with one object edited
 * ({@code plumbline diff} vs {@code kubectl diff --server-side}); then {@code plumbline serve} as a process: start →
 * first report, push → converged (signed webhook), edit → revert (self-heal), edit → report (selfHeal off), steady-state
 * cycles (poll every second) with reconcile API calls and heap after GC; finally steady-state cycles in-process.
 */
public final class Benchmark {

    private static final String ENV = "bench";
    private static final long PROCESS_TIMEOUT = 3600;

    private final Path module;
    private final Path out;
    private final Path jar;
    private final String javaBin = ProcessHandle.current().info().command().orElse("java");
    private final String jcmd;
    private final Results results = new Results();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    // per size
    private int n;
    private int runs;
    private Path work;
    private Processes procs;
    private LocalControlPlane controlPlane;
    private KubernetesClient client;
    private ApiRequests api;
    private BenchRepo repo;
    private Path kubeconfig;
    private List<String> kubectl;
    private Results.Row kubectlCleanDiff;
    private int throttled;

    private Benchmark(Path module) {
        this.module = module;
        this.out = module.resolve("target").resolve("bench");
        this.jar = module.resolve("target").resolve("plumbline.jar");
        Path javaHome = Path.of(System.getProperty("java.home"));
        this.jcmd = Files.isExecutable(javaHome.resolve("bin/jcmd")) ? javaHome.resolve("bin/jcmd").toString() : "jcmd";
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = ints(System.getProperty("bench.sizes", "100"));
        List<Integer> runs = ints(System.getProperty("bench.runs", "3"));
        Path module = Path.of(System.getProperty("bench.module", "agent")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(module.resolve("target/plumbline.jar")) && Files.isRegularFile(Path.of("target/plumbline.jar"))) {
            module = Path.of("").toAbsolutePath();
        }
        Benchmark bench = new Benchmark(module);
        Thread hook = new Thread(bench::closeAll, "plumbline-bench-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = 0;
        try {
            bench.run(sizes, runs);
        } catch (Exception | AssertionError e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            exit = 1;
        } finally {
            bench.closeAll();
        }
        System.exit(exit);
    }

    private void run(List<Integer> sizes, List<Integer> runsPerSize) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -Pbench ... runs package before the benchmark)");
        }
        results.machine = machine();
        results.note("Each process is measured whole (JVM start included for plumbline), wall from this harness, CPU (user+sys, "
                + "children included) and peak RSS from " + (Processes.timeAvailable() ? "/usr/bin/time" : "/proc sampling")
                + "; medians over the runs. API calls of processes are counted on the API server (apiserver_request_total: resource requests, "
                + "WATCH and the simulator's status writes left out, discovery not counted); agent rows count plumbline_api_calls_total{channel=\"reconcile\"}.");
        results.note("Cold sync: every run applies into its own fresh namespaces (no controller-manager runs, so namespaces "
                + "cannot be deleted); 00-namespaces.yaml sorts first, so one `kubectl apply --server-side -f dir -R` creates the "
                + "Namespaces before their contents. kubectl uses a per-size discovery cache (--cache-dir), warm after its first run.");
        results.note("Both tools run with their defaults: plumbline as `java -jar` (default heap, diff parallelism 8, apply "
                + "parallelism 8), kubectl sequentially. The API server, etcd, the simulator and both tools share the machine's cores. "
                + "`plumbline sync` waits for health only between waves (after the Namespaces here); Deployments are in the last "
                + "wave, so neither tool waits for rollouts. Memory: peak RSS of a process; heap = used heap right after a full GC "
                + "(`jcmd <pid> GC.run`, then `GC.heap_info`).");
        for (int i = 0; i < sizes.size(); i++) {
            n = sizes.get(i);
            runs = runsPerSize.get(Math.min(i, runsPerSize.size() - 1));
            long started = System.nanoTime();
            try {
                size();
            } finally {
                closeAll();
            }
            results.context(n, String.format(Locale.ROOT, "%d run(s) per phase, %.0f s in all", runs, (System.nanoTime() - started) / 1e9));
            results.write(out);
            System.out.println();
            System.out.println(results.markdown());
        }
        results.note("kubectl client-side throttling: " + (throttled == 0 ? "kubectl printed no \"client-side throttling\" wait in any run"
                : throttled + " kubectl run(s) printed \"client-side throttling\" waits (see work/n*/logs)") + ".");
        results.write(out);
        say("results in " + out.resolve("results.md") + ", results.csv, results.json");
    }

    // ---- one size ----------------------------------------------------------------------------------------------------

    private void size() throws Exception {
        say("=== " + n + " objects, " + runs + " run(s) per phase ===");
        work = out.resolve("work").resolve("n" + n);
        deleteTree(work);
        Files.createDirectories(work);
        procs = new Processes(work.resolve("logs"));
        results.context(n, "load average before " + loadAverage());

        repo = remember(new BenchRepo(work.resolve("repo"), n));
        repo.writeEnvironment(ENV, ENV, BenchRepo.policy(BenchRepo.namespace(ENV, 0), true), 0);
        for (int r = 1; r <= runs; r++) {
            repo.writeEnvironment("cold-p" + r, "cp" + r, BenchRepo.policy(BenchRepo.namespace("cp" + r, 0), true), 0);
            repo.writeEnvironment("cold-k" + r, "ck" + r, null, 0);
        }
        String firstSha = repo.commit("bench: " + n + " objects");

        say("starting kube-apiserver + etcd");
        controlPlane = remember(LocalControlPlane.started(ControlPlaneOptions.defaults()
                .withRunsDir(out.resolve("runs")).withStartTimeout(Duration.ofSeconds(180))
                // a /24 (the default here) holds 253 Services; the cold runs create thousands
                .withExtraApiServerArgs("--service-cluster-ip-range=10.96.0.0/12")));
        kubeconfig = controlPlane.kubeconfigPath();
        client = remember(controlPlane.newClient());
        remember(WorkloadSimulator.started(client, SimulatorOptions.defaults()));
        api = new ApiRequests(client);
        kubectl = List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir", work.resolve("kubectl-cache").toString());

        render();
        coldSync();
        if (!"cold".equals(System.getenv("PLUMBLINE_BENCH_ONLY"))) {
            oneShotChecks();
            agentEvents(firstSha);
            agentSteadyState();
            inProcessCycles();
        }
        results.context(n, "load average after " + loadAverage());
    }

    private void render() throws Exception {
        Results.Row row = results.row(n, "render " + n + " objects from " + repo.fileCount(ENV) + " files (in-process, warm JVM)", true);
        try (GitSource git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withBranch("main")
                .withCacheDir(work.resolve("render-cache")))) {
            Revision head = git.sync();
            var threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 15; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long t = System.nanoTime();
                RenderedEnvironment rendered = RenderedEnvironment.render(git.tree(head), ENV);
                double wall = (System.nanoTime() - t) / 1e9;
                if (rendered.state().objects().size() != n + BenchRepo.NAMESPACES) {
                    throw new IllegalStateException("rendered " + rendered.state().objects().size() + " objects, expected " + (n + 10));
                }
                if (i >= 5) { // the first five warm the JIT up
                    row.plumbline.add(wall, (threads.getCurrentThreadCpuTime() - cpu) / 1e9, 0, Double.NaN);
                }
            }
        }
        say("render: " + ms(Results.median(row.plumbline.wall)));
        Results.Row process = results.row(n, "render (whole process: `plumbline render`)", false);
        for (int r = 1; r <= runs; r++) {
            measure(process.plumbline, "render-" + r, plumbline("render", "--repo", repo.dir().toString(), "--env", ENV), Set.of(0));
        }
    }

    private void coldSync() {
        Results.Row row = results.row(n, "cold sync into an empty cluster: `plumbline sync` / `kubectl apply --server-side -R`", false);
        for (int r = 1; r <= runs; r++) {
            Runnable ours = plumblineColdRun(row, r);
            Runnable theirs = kubectlColdRun(row, r);
            if (r % 2 == 1) {
                ours.run();
                theirs.run();
            } else {
                theirs.run();
                ours.run();
            }
        }
    }

    private Runnable plumblineColdRun(Results.Row row, int r) {
        return () -> {
            measure(row.plumbline, "cold-plumbline-" + r,
                    plumbline("sync", "--repo", repo.dir().toString(), "--env", "cold-p" + r, "--kubeconfig", kubeconfig.toString()),
                    Set.of(0));
            expectObjects("cp" + r);
        };
    }

    private Runnable kubectlColdRun(Results.Row row, int r) {
        return () -> {
            measure(row.kubectl, "cold-kubectl-" + r, kubectl("apply", "--server-side", "-f", repo.manifests("cold-k" + r).toString(), "-R"),
                    Set.of(0));
            expectObjects("ck" + r);
        };
    }

    /** Every object of a cold run exists (10 Namespaces, and n Deployments, Services and ConfigMaps in them). */
    private void expectObjects(String prefix) {
        int found = 0;
        for (int i = 0; i < BenchRepo.NAMESPACES; i++) {
            String ns = BenchRepo.namespace(prefix, i);
            found += client.apps().deployments().inNamespace(ns).list().getItems().size();
            found += client.services().inNamespace(ns).list().getItems().size();
            found += client.configMaps().inNamespace(ns).list().getItems().size();
        }
        if (found != n) {
            throw new IllegalStateException(prefix + ": " + found + " objects in the cluster, expected " + n);
        }
    }

    private void oneShotChecks() {
        run("prepare: plumbline sync " + ENV, plumbline("sync", "--repo", repo.dir().toString(), "--env", ENV,
                "--kubeconfig", kubeconfig.toString()), 0);
        kubectlCleanDiff = results.row(n, "check, nothing changed: `plumbline diff` / `kubectl diff --server-side`", false);
        diffRuns(kubectlCleanDiff, "clean", 0);
        run("edit one object", kubectl("-n", BenchRepo.namespace(ENV, 0), "set", "image", "deployment/" + BenchRepo.firstApp(),
                BenchRepo.CONTAINER + "=" + BenchRepo.IMAGE.replace("1.0.0", "edited")), 0);
        Results.Row edited = results.row(n, "check, one object edited: `plumbline diff` / `kubectl diff --server-side`", false);
        diffRuns(edited, "edited", 1);
        run("restore: plumbline sync " + ENV, plumbline("sync", "--repo", repo.dir().toString(), "--env", ENV,
                "--kubeconfig", kubeconfig.toString()), 0);
    }

    private void diffRuns(Results.Row row, String label, int exit) {
        for (int i = 1; i <= runs; i++) {
            int r = i;
            Runnable ours = () -> measure(row.plumbline, "diff-" + label + "-plumbline-" + r,
                    plumbline("diff", "--repo", repo.dir().toString(), "--env", ENV, "--kubeconfig", kubeconfig.toString()),
                    Set.of(exit));
            Runnable theirs = () -> measure(row.kubectl, "diff-" + label + "-kubectl-" + r,
                    kubectl("diff", "--server-side", "--force-conflicts", "-f", repo.manifests(ENV).toString(), "-R"), Set.of(exit));
            if (r % 2 == 1) {
                ours.run();
                theirs.run();
            } else {
                theirs.run();
                ours.run();
            }
        }
    }

    // ---- the running agent -------------------------------------------------------------------------------------------

    /** Agent with an hour's poll interval: only watch events and webhooks cause runs. */
    private void agentEvents(String firstSha) throws Exception {
        Results.Row start = results.row(n, "agent start → first report (`plumbline serve`; empty verdict cache: " + (n + 10) + " dry-runs)", false);
        Results.Row push = results.row(n, "push → converged: signed webhook → report Synced at the commit", true);
        Results.Row applied = results.row(n, "push → applied: signed webhook → the change seen on a watch", true);
        Results.Row revert = results.row(n, "edit → revert (self-heal; from the edit seen on a watch)", true);
        Results.Row report = results.row(n, "edit → report (selfHeal off; from the edit seen on a watch)", true);
        try (AgentProcess agent = AgentProcess.start(javaBin, jar, kubeconfig, repo.dir(), ENV, Duration.ofHours(1),
                work.resolve("agent-events"), work.resolve("logs"), "agent-events")) {
            remember(agent);
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
                    run("self-heal edit " + r, kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + edited), 0);
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
                    run("observe edit " + r, kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + edited), 0);
                    long reported = agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 1, Duration.ofMinutes(2), 5);
                    long edit = editSeen.get(60, TimeUnit.SECONDS);
                    double dc = agent.reconcileCalls() - calls;
                    double dcpu = agent.cpuSeconds() - cpu;
                    report.plumbline.add((reported - edit) / 1e9, dcpu, dc, Double.NaN);
                    say("edit → report " + r + ": " + ms((reported - edit) / 1e9) + ", " + (long) dc + " reconcile calls");
                }
                run("observe restore " + r, kubectl("-n", ns, "set", "image", "deployment/" + cm, BenchRepo.CONTAINER + "=" + BenchRepo.IMAGE), 0);
                agent.awaitSummary(ENV, s -> AgentProcess.count(s, "Modified") == 0, Duration.ofMinutes(2), 20);
                quiet();
            }
            double heap = agent.heapAfterGcMiB(jcmd);
            push.plumbline.memKind = "heap";
            push.plumbline.mem.set(0, heap);
            say("agent (events) heap after GC " + String.format(Locale.ROOT, "%.0f MiB", heap) + ", RSS "
                    + String.format(Locale.ROOT, "%.0f MiB", agent.rssMiB()));
        }
    }

    /** Agent polling every second: steady-state cycles with nothing changed. */
    private void agentSteadyState() throws Exception {
        Results.Row start = results.find(n, "agent start → first report");
        Results.Row row = results.row(n, "steady-state check, running agent (poll 1 s; plumbline_diff_duration_seconds per cycle) / one-shot `kubectl diff`", true);
        row.kubectl.wall.addAll(kubectlCleanDiff.kubectl.wall);
        row.kubectl.cpu.addAll(kubectlCleanDiff.kubectl.cpu);
        row.kubectl.calls.addAll(kubectlCleanDiff.kubectl.calls);
        row.kubectl.mem.addAll(kubectlCleanDiff.kubectl.mem);
        try (AgentProcess agent = AgentProcess.start(javaBin, jar, kubeconfig, repo.dir(), ENV, Duration.ofSeconds(1),
                work.resolve("agent-steady"), work.resolve("logs"), "agent-steady")) {
            remember(agent);
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
            double heap = agent.heapAfterGcMiB(jcmd);
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
    private void inProcessCycles() {
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

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private List<String> plumbline(String... args) {
        List<String> command = new ArrayList<>(List.of(javaBin));
        String jvmArgs = System.getenv("PLUMBLINE_BENCH_JVM_ARGS"); // e.g. a JFR recording, to profile a phase
        if (jvmArgs != null && !jvmArgs.isBlank()) {
            command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private List<String> kubectl(String... args) {
        List<String> command = new ArrayList<>(kubectl);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs a measured process and adds its sample; fails the benchmark when the exit code is not the expected one. */
    private void measure(Results.Side side, String label, List<String> command, Set<Integer> exits) {
        Map<String, Long> before = api.scrape();
        Processes.Run run = procs.run(label, command, Map.of(), PROCESS_TIMEOUT);
        Map<String, Long> delta = ApiRequests.delta(before, api.scrape());
        check(label, run, exits);
        if (command.get(0).equals("kubectl") && run.stderrText().contains("client-side throttling")) {
            throttled++;
        }
        side.add(run.wallSeconds(), run.cpuSeconds(), ApiRequests.total(delta), run.maxRssMiB());
        side.verbs.add(delta);
        say(String.format(Locale.ROOT, "%-28s %8.2f s wall %7.2f s CPU %6.0f MiB RSS %6d API calls %s", label, run.wallSeconds(),
                run.cpuSeconds(), run.maxRssMiB(), ApiRequests.total(delta), delta));
    }

    /** An unmeasured step (preparation, an edit). */
    private void run(String label, List<String> command, int exit) {
        check(label, procs.run(label, command, Map.of(), PROCESS_TIMEOUT), Set.of(exit));
    }

    private static void check(String label, Processes.Run run, Set<Integer> exits) {
        if (!exits.contains(run.exit())) {
            String err = run.stderrText();
            String out = run.stdoutText();
            throw new IllegalStateException(label + " exited " + run.exit() + " (expected " + exits + "):\n"
                    + tail(err, 3000) + "\n" + tail(out, 2000));
        }
    }

    private static String tail(String s, int max) {
        return s.length() <= max ? s : "…" + s.substring(s.length() - max);
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

    private <T extends AutoCloseable> T remember(T resource) {
        synchronized (open) {
            open.push(resource);
        }
        return resource;
    }

    /** Stops everything this size started, newest first; also the shutdown hook. */
    private void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (open) {
                next = open.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                System.err.println("stopping " + next + " failed: " + e);
            }
        }
    }

    private String machine() throws IOException {
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
                .orElse("?");
        String kubectlVersion = new String(new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start()
                .getInputStream().readAllBytes()).lines().filter(l -> l.startsWith("Client Version")).findFirst()
                .map(l -> l.replace("Client Version: ", "")).orElse("?");
        return String.format(Locale.ROOT, "Machine: %d cores (%s), %s RAM, %s %s; kube-apiserver %s + etcd on 127.0.0.1 "
                        + "(no controller-manager; workload status simulated); kubectl %s; run %s.",
                Runtime.getRuntime().availableProcessors(), model, mem, System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty(ControlPlaneOptions.VERSION_PROPERTY,
                        ControlPlaneOptions.DEFAULT_VERSION), kubectlVersion, Instant.now().toString().substring(0, 16) + "Z");
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.replace("_", ""))
                .map(Integer::parseInt).toList();
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    private static void say(String line) {
        System.out.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + line);
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
