package dev.plumbline.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.plumbline.bench.Benchmark.ms;
import static dev.plumbline.bench.Benchmark.say;

/**
 * Scale (issue 17): one {@code plumbline serve} process with many environments, by default 50,000 objects across 100
 * environments (500 each: Deployments, Services and ConfigMaps over 10 namespaces per environment, as the other sizes
 * use). Selected by {@code PLUMBLINE_BENCH_ONLY=scale}; {@code PLUMBLINE_BENCH_SCALE=<objects>x<environments>} sets the
 * size (never part of CI: it takes the machine for a quarter of an hour).
 *
 * <p>A realistic start is an agent restarted on a converged cluster, so the cluster is pre-populated by a first agent
 * (the cold start, measured too: empty cluster → every environment Synced), which is then stopped. A second agent is
 * started on the same configuration and measured: start → the first complete report of every environment (Synced at
 * the commit, not stale; its verdict cache is empty, so every object costs one dry-run), then steady-state checks
 * (poll interval {@code PLUMBLINE_BENCH_SCALE_POLL}, default 10 s) with {@code plumbline_diff_duration_seconds} per
 * environment check and reconcile API calls, then heap after a full GC, with a class histogram in the logs.
 */
final class ScalePhase {

    /** Targets of issue 17, printed beside the figures. */
    static final double FIRST_REPORT_TARGET_S = 180;
    static final double CHECK_TARGET_S = 1;
    static final double HEAP_TARGET_MIB = 512;

    /** {@code objects x environments}. */
    record Size(int objects, int environments) {
        static Size configured() {
            String spec = System.getenv().getOrDefault("PLUMBLINE_BENCH_SCALE", "50000x100").replace("_", "");
            String[] parts = spec.toLowerCase(Locale.ROOT).split("x");
            if (parts.length != 2) {
                throw new IllegalArgumentException("PLUMBLINE_BENCH_SCALE must be <objects>x<environments>, was " + spec);
            }
            Size size = new Size(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            if (size.environments() < 1 || size.objects() % size.environments() != 0) {
                throw new IllegalArgumentException("PLUMBLINE_BENCH_SCALE: " + spec + " does not split evenly over the environments");
            }
            return size;
        }

        int perEnvironment() {
            return objects / environments;
        }
    }

    static boolean selected() {
        return "scale".equals(System.getenv("PLUMBLINE_BENCH_ONLY"));
    }

    private final Benchmark bench;
    private final Size size;
    private final Duration poll;
    private final List<String> envs;

    ScalePhase(Benchmark bench, Size size) {
        this.bench = bench;
        this.size = size;
        this.poll = Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("PLUMBLINE_BENCH_SCALE_POLL", "10")));
        this.envs = IntStream.range(0, size.environments()).mapToObj(i -> String.format("s%03d", i)).toList();
    }

    void run() throws Exception {
        String label = size.objects() + " objects in " + size.environments() + " environments";
        Results.Row cold = bench.results.row(bench.n, "scale, cold: agent start on an empty cluster → every environment Synced (" + label + "; pre-populates)", false);
        Results.Row start = bench.results.row(bench.n, "scale: agent restarted on the converged cluster → first complete report of every environment (target < "
                + (int) FIRST_REPORT_TARGET_S + " s)", false);
        Results.Row check = bench.results.row(bench.n, "scale: steady-state check per environment, running agent (plumbline_diff_duration_seconds; target < "
                + ms(CHECK_TARGET_S) + ", 0 reconcile calls)", true);
        Results.Row heap = bench.results.row(bench.n, "scale: heap after a full GC, running agent (target ≤ " + (int) HEAP_TARGET_MIB + " MiB)", true);
        String sha = writeRepository();
        bench.startControlPlane();
        try (AgentProcess agent = startAgent("scale-cold")) {
            firstReport(agent, cold, sha, Duration.ofMinutes(40));
        }
        try (AgentProcess agent = startAgent("scale-restart")) {
            firstReport(agent, start, sha, Duration.ofMinutes(20));
            AgentProcess.sleep(poll.toMillis() + 2000); // every environment past its first scheduled check
            steady(agent, check);
            double used = agent.heapAfterGcMiB(bench.jcmd);
            heap.plumbline.memKind = "heap";
            heap.plumbline.add(Double.NaN, Double.NaN, Double.NaN, used);
            heap.note = verdict(used <= HEAP_TARGET_MIB) + String.format(Locale.ROOT, "; RSS %.0f MiB; class histogram in logs/scale-histogram.txt",
                    agent.rssMiB());
            Files.writeString(bench.work.resolve("logs").resolve("scale-histogram.txt"), agent.classHistogram(bench.jcmd));
            say(String.format(Locale.ROOT, "scale: heap after GC %.0f MiB (target ≤ %.0f), RSS %.0f MiB", used, HEAP_TARGET_MIB, agent.rssMiB()));
        }
    }

    /** Every environment's manifests in one repository, one commit. */
    private String writeRepository() {
        BenchRepo repo = bench.remember(new BenchRepo(bench.work.resolve("repo"), size.perEnvironment()));
        for (String env : envs) {
            repo.writeEnvironment(env, env, BenchRepo.policy(BenchRepo.namespace(env, 0), false), 0);
        }
        bench.repo = repo;
        say("scale: wrote " + envs.size() + " environments × " + size.perEnvironment() + " objects");
        return repo.commit("bench: " + size.objects() + " objects in " + size.environments() + " environments");
    }

    private AgentProcess startAgent(String label) {
        AgentProcess agent = AgentProcess.start(bench.javaBin, bench.jar, bench.kubeconfig, bench.repo.dir(), String.join(",", envs),
                poll, bench.work.resolve("agent-" + label), bench.work.resolve("logs"), label);
        return bench.remember(agent);
    }

    /** From the process start until every environment's report is Synced at {@code sha} and not stale. */
    private void firstReport(AgentProcess agent, Results.Row row, String sha, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastSay = 0;
        while (true) {
            List<String> waiting = notSynced(agent.environments(), sha);
            long now = System.nanoTime();
            if (waiting.isEmpty()) {
                double wall = (now - agent.startedNanos) / 1e9;
                row.plumbline.add(wall, agent.cpuSeconds(), agent.reconcileCalls(), agent.rssMiB());
                row.note = row.note.isEmpty() && row.phase.contains("target") ? verdict(wall < FIRST_REPORT_TARGET_S) : row.note;
                say(String.format(Locale.ROOT, "scale, %s: every environment Synced after %.1f s, %.1f CPU s, %d reconcile calls, load %s",
                        row.phase.startsWith("scale, cold") ? "cold start" : "restart", wall, agent.cpuSeconds(), agent.reconcileCalls(),
                        Benchmark.loadAverage()));
                return;
            }
            if (now > deadline) {
                throw new IllegalStateException("scale: " + waiting.size() + " environment(s) not Synced within " + timeout + ": "
                        + waiting.stream().limit(5).collect(Collectors.joining(", ")));
            }
            if (now - lastSay > 15e9) {
                say(String.format(Locale.ROOT, "scale: %.0f s, %d of %d environments not Synced yet (e.g. %s), load %s",
                        (now - agent.startedNanos) / 1e9, waiting.size(), envs.size(), waiting.get(0), Benchmark.loadAverage()));
                lastSay = now;
            }
            AgentProcess.sleep(500);
        }
    }

    private List<String> notSynced(JsonNode reports, String sha) {
        List<String> waiting = new ArrayList<>(envs);
        for (JsonNode report : reports) {
            if (AgentProcess.synced(report, sha)) {
                waiting.remove(report.path("environment").asText(report.path("name").asText()));
            }
        }
        return waiting;
    }

    /** Steady-state checks of every environment over a minute or more: mean drift-check time, reconcile calls. */
    private void steady(AgentProcess agent, Results.Row row) {
        Map<String, double[]> before = agent.diffTimers();
        Map<String, Long> verbs = agent.reconcileCallsByVerb();
        long calls = agent.reconcileCalls();
        double cpu = agent.cpuSeconds();
        long t0 = System.nanoTime();
        AgentProcess.sleep(Math.max(60_000, poll.toMillis() * 4));
        Map<String, double[]> after = agent.diffTimers();
        long dc = agent.reconcileCalls() - calls;
        Map<String, Long> verbsAfter = agent.reconcileCallsByVerb();
        verbsAfter.replaceAll((verb, count) -> count - verbs.getOrDefault(verb, 0L));
        verbsAfter.values().removeIf(count -> count == 0);
        double dcpu = agent.cpuSeconds() - cpu;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double checks = 0;
        double total = 0;
        double slowest = 0;
        String slowestEnv = "";
        for (Map.Entry<String, double[]> e : after.entrySet()) {
            double[] was = before.getOrDefault(e.getKey(), new double[2]);
            double count = e.getValue()[0] - was[0];
            double sum = e.getValue()[1] - was[1];
            checks += count;
            total += sum;
            if (count > 0 && sum / count > slowest) {
                slowest = sum / count;
                slowestEnv = e.getKey();
            }
        }
        if (checks <= 0) {
            throw new IllegalStateException("scale: no drift check finished in " + seconds + " s");
        }
        double perCheck = total / checks;
        row.plumbline.add(perCheck, dcpu / checks, dc / checks, Double.NaN);
        row.note = verdict(perCheck < CHECK_TARGET_S && slowest < CHECK_TARGET_S && dc == 0) + String.format(Locale.ROOT,
                "; %.0f checks in %.0f s (poll %d s), %d reconcile calls in all %s, slowest environment %s at %s per check, "
                        + "agent CPU %.2f s/s, load %s", checks, seconds, poll.toSeconds(), dc, verbsAfter, slowestEnv, ms(slowest), dcpu / seconds,
                Benchmark.loadAverage());
        say("scale steady state: " + ms(perCheck) + " per environment check; " + row.note);
    }

    private static String verdict(boolean met) {
        return met ? "target met" : "target missed";
    }
}
