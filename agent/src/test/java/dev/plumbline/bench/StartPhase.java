package dev.plumbline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One-shot start (issue 17): {@code plumbline diff} with nothing changed as the README runs it, through the
 * repository's {@code plumbline} launcher (the start-up cache the package step built beside the jar, C1 only), against
 * {@code kubectl diff --server-side} on the same files, alternating which goes first. The rows before it run
 * {@code java -jar}, so the two plumbline rows side by side say what the launcher is worth. The launcher runs the
 * benchmark's own java ({@code JAVA_HOME}), the one the package step built the cache with; the row's note says whether
 * the cache was there. {@code PLUMBLINE_BENCH_ONLY=start} runs only this phase and the {@code java -jar} check row (after the
 * sync they need).
 */
final class StartPhase {

    private final Benchmark bench;

    StartPhase(Benchmark bench) {
        this.bench = bench;
    }

    void run() {
        Path launcher = bench.jar.getParent().getParent().getParent().resolve("plumbline");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " is missing or not executable");
        }
        Path cache = Path.of(bench.jar.toString().replaceAll("\\.jar$", Runtime.version().feature() >= 25 ? ".aot" : ".jsa"));
        Map<String, String> env = Map.of("PLUMBLINE_JAR", bench.jar.toString(),
                "JAVA_HOME", System.getProperty("java.home"), "PLUMBLINE_JAVA_OPTS", jvmArgs());
        Results.Row row = bench.results.row(bench.n, "one-shot start: `./plumbline diff` (launcher) / `kubectl diff --server-side`, nothing changed", false);
        row.note = Files.isRegularFile(cache) ? "start-up cache " + cache.getFileName() + " in use" : "no start-up cache (" + cache + " missing)";
        for (int r = 1; r <= bench.runs; r++) {
            int run = r;
            Runnable ours = () -> bench.measure(row.plumbline, "start-plumbline-" + run, command(launcher), Set.of(0), env);
            Runnable theirs = () -> bench.measure(row.kubectl, "start-kubectl-" + run, bench.kubectl("diff", "--server-side",
                    "--force-conflicts", "-f", bench.repo.manifests(Benchmark.ENV).toString(), "-R"), Set.of(0), Map.of());
            if (r % 2 == 1) {
                ours.run();
                theirs.run();
            } else {
                theirs.run();
                ours.run();
            }
        }
        Benchmark.say("one-shot start: plumbline " + Benchmark.ms(Results.median(row.plumbline.wall)) + ", kubectl "
                + Benchmark.ms(Results.median(row.kubectl.wall)) + " (" + row.note + ")");
    }

    private List<String> command(Path launcher) {
        return new ArrayList<>(List.of(launcher.toString(), "diff", "--repo", bench.repo.dir().toString(), "--env", Benchmark.ENV,
                "--kubeconfig", bench.kubeconfig.toString()));
    }

    private static String jvmArgs() {
        String args = System.getenv("PLUMBLINE_BENCH_JVM_ARGS");
        return args == null ? "" : args.trim();
    }
}
