package dev.plumbline.bench;

import dev.plumbline.controlplane.ControlPlaneOptions;
import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.controlplane.SimulatorOptions;
import dev.plumbline.controlplane.WorkloadSimulator;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.source.Revision;
import io.fabric8.kubernetes.client.KubernetesClient;

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

/**
 * Plumbline against kubectl on the same objects, as whole processes where a user would run them, on a local
 * kube-apiserver + etcd (127.0.0.1; the release {@code -Dplumbline.k8s} names, default the newest) with the
 * workload-status simulator. Run by the Maven profile {@code bench} (see docs/benchmarking.md); never part of
 * {@code ./mvnw verify}. Writes {@code target/bench/results.*} and, after a complete run, the docs page
 * {@code docs/benchmarks.md} ({@link DocsPage}).
 *
 * <p>System properties: {@code bench.sizes} (default {@code 100}), {@code bench.runs} (one number, or one per size,
 * default 3), {@code bench.module} (the agent module folder: jar in {@code target/plumbline.jar}, output in
 * {@code target/bench/}). For profiling: {@code PLUMBLINE_BENCH_JVM_ARGS} (environment) adds JVM options to every
 * plumbline process (e.g. {@code -XX:StartFlightRecording=filename=/tmp/jfr/}), and {@code PLUMBLINE_BENCH_ONLY=cold}
 * runs only render and cold sync, {@code PLUMBLINE_BENCH_ONLY=start} only the one-shot start ({@link StartPhase}),
 * {@code PLUMBLINE_BENCH_ONLY=rollout} only the canary rows ({@link RolloutPhase}), {@code PLUMBLINE_BENCH_ONLY=scale}
 * only the many-environments size ({@link ScalePhase}; {@code PLUMBLINE_BENCH_SCALE}, default {@code 50000x100}).
 *
 * <p>Per size: an environment with a Helm chart of about that many objects rendered in-process; then, with a fresh
 * control plane: render in-process; cold sync ({@code plumbline sync} vs
 * {@code kubectl apply --server-side -R}), each run into its own fresh namespaces (namespaces cannot be deleted
 * without a controller-manager); one-shot checks with nothing changed and with one object edited
 * ({@code plumbline diff} vs {@code kubectl diff --server-side}), the same through the {@code plumbline} launcher
 * ({@link StartPhase}); then {@code plumbline serve} as a process: start →
 * first report, push → converged (signed webhook), edit → revert (self-heal), edit → report (selfHeal off), steady-state
 * cycles (poll every second) with reconcile API calls and heap after GC, the same while a tenth of the objects get a
 * {@code /status} write every second with edit → report during it ({@link ChurnPhase}); finally steady-state cycles
 * in-process.
 */
public final class Benchmark {

    static final String ENV = "bench";
    private static final long PROCESS_TIMEOUT = 3600;

    private final Path module;
    private final Path out;
    final Path jar;
    final String javaBin = ProcessHandle.current().info().command().orElse("java");
    final String jcmd;
    final Results results = new Results();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    // per size
    int n;
    int runs;
    Path work;
    private Processes procs;
    private LocalControlPlane controlPlane;
    KubernetesClient client;
    private ApiRequests api;
    BenchRepo repo;
    Path kubeconfig;
    private List<String> kubectl;
    Results.Row kubectlCleanDiff;
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
                + "parallelism 8) except in the one-shot start row, which runs the `plumbline` launcher as the README does (the "
                + "start-up cache built by the package step, C1 only), kubectl sequentially. The API server, etcd, the simulator and both tools share the machine's cores. "
                + "`plumbline sync` waits for health only between waves (after the Namespaces here); Deployments are in the last "
                + "wave, so neither tool waits for rollouts. Memory: peak RSS of a process; heap = used heap right after a full GC "
                + "(`jcmd <pid> GC.run`, then `GC.heap_info`).");
        if (ScalePhase.selected()) { // issue 17's scale size alone: its object count is the row's size
            sizes = List.of(ScalePhase.Size.configured().objects());
        }
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
        // a partial run (one phase) must not replace the docs page of a complete one
        DocsPage.target(module).filter(page -> System.getenv("PLUMBLINE_BENCH_ONLY") == null).ifPresent(page -> {
            DocsPage.write(page, DocsPage.page(results, DocsPage.command(System.getProperty("bench.sizes", "100"),
                    System.getProperty("bench.runs", "3"), System.getProperty(ControlPlaneOptions.VERSION_PROPERTY))));
            say("benchmark page " + page + " (commit it with the change it measures)");
        });
    }

    // ---- one size ----------------------------------------------------------------------------------------------------

    private void size() throws Exception {
        say("=== " + n + " objects, " + runs + " run(s) per phase ===");
        work = out.resolve("work").resolve("n" + n);
        deleteTree(work);
        Files.createDirectories(work);
        procs = new Processes(work.resolve("logs"));
        results.context(n, "load average before " + loadAverage());
        if (ScalePhase.selected()) {
            new ScalePhase(this, ScalePhase.Size.configured()).run();
            results.context(n, "load average after " + loadAverage());
            return;
        }
        new ChartRenderPhase(this).run(module, work, Math.max(1, n / 4)); // a chart of about n objects; no cluster
        if ("chart".equals(System.getenv("PLUMBLINE_BENCH_ONLY"))) {
            return;
        }

        repo = remember(new BenchRepo(work.resolve("repo"), n));
        repo.writeEnvironment(ENV, ENV, BenchRepo.policy(BenchRepo.namespace(ENV, 0), true), 0);
        for (int r = 1; r <= runs; r++) {
            repo.writeEnvironment("cold-p" + r, "cp" + r, BenchRepo.policy(BenchRepo.namespace("cp" + r, 0), true), 0);
            repo.writeEnvironment("cold-k" + r, "ck" + r, null, 0);
        }
        String firstSha = repo.commit("bench: " + n + " objects");

        startControlPlane();

        if ("start".equals(System.getenv("PLUMBLINE_BENCH_ONLY"))) { // the one-shot start alone, beside `java -jar`
            run("prepare: plumbline sync " + ENV, plumbline("sync", "--repo", repo.dir().toString(), "--env", ENV,
                    "--kubeconfig", kubeconfig.toString()), 0);
            kubectlCleanDiff = results.row(n, "check, nothing changed: `plumbline diff` / `kubectl diff --server-side`", false);
            diffRuns(kubectlCleanDiff, "clean", 0);
            new StartPhase(this).run();
            results.context(n, "load average after " + loadAverage());
            return;
        }
        if ("rollout".equals(System.getenv("PLUMBLINE_BENCH_ONLY"))) { // issue 14's rows alone: push → canary, failure → stable
            new RolloutPhase(this).run();
            results.context(n, "load average after " + loadAverage());
            return;
        }
        render();
        coldSync();
        if (!"cold".equals(System.getenv("PLUMBLINE_BENCH_ONLY"))) { // profiling the cold sync alone
            oneShotChecks();
            new StartPhase(this).run();
            AgentPhases agent = new AgentPhases(this);
            agent.events(firstSha);
            agent.steadyState();
            try (ChurnPhase churn = new ChurnPhase(this)) {
                churn.run();
            }
            agent.inProcessCycles();
            new RolloutPhase(this).run(); // last: it rewrites the environment (a rollout, app 0 at 4 replicas)
        }
        results.context(n, "load average after " + loadAverage());
    }

    /** kube-apiserver + etcd on 127.0.0.1 with the workload simulator; the size's client, API counter and kubectl. */
    void startControlPlane() {
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

    List<String> kubectl(String... args) {
        List<String> command = new ArrayList<>(kubectl);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs a measured process and adds its sample; fails the benchmark when the exit code is not the expected one. */
    private void measure(Results.Side side, String label, List<String> command, Set<Integer> exits) {
        measure(side, label, command, exits, Map.of());
    }

    /** As {@link #measure(Results.Side, String, List, Set)}, with {@code env} added to the process's environment. */
    void measure(Results.Side side, String label, List<String> command, Set<Integer> exits, Map<String, String> env) {
        Map<String, Long> before = api.scrape();
        Processes.Run run = procs.run(label, command, env, PROCESS_TIMEOUT);
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
    void run(String label, List<String> command, int exit) {
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

    <T extends AutoCloseable> T remember(T resource) {
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
                System.getProperty("java.runtime.version"), controlPlane != null ? controlPlane.version()
                        : ControlPlaneOptions.defaults().resolvedVersion(), kubectlVersion, Instant.now().toString().substring(0, 16) + "Z");
    }

    static String loadAverage() {
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

    static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }

    static void say(String line) {
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
