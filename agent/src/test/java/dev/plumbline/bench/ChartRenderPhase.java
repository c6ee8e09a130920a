package dev.plumbline.bench;

import dev.plumbline.render.DesiredState;
import dev.plumbline.render.RenderOptions;
import dev.plumbline.render.Renderer;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.Trees;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Render time of an environment with a real-size Helm chart: the fixture {@code src/test/resources/bench/chart}
 * (a ConfigMap, Deployment, Service and ServiceAccount per service, plus shared RBAC: 4 × services + 3 objects)
 * committed under the environment's {@code charts/}, with the environment's namespace and labels on top, rendered
 * in-process as the agent renders it (Helm's SDK in the JVM, then Kustomize). Needs no cluster:
 * {@code PLUMBLINE_BENCH_ONLY=chart} runs this phase alone. Rows: the first render in the JVM (it loads the
 * native Helm library) and the median of 10 renders after 5 warm-up ones.
 */
final class ChartRenderPhase {

    static final String ENV = "chart";

    private final Benchmark bench;

    ChartRenderPhase(Benchmark bench) {
        this.bench = bench;
    }

    void run(Path module, Path work, int services) throws IOException {
        Path repo = work.resolve("chart-repo");
        Path env = repo.resolve("environments").resolve(ENV);
        Trees.copy(module.resolve("src/test/resources/bench/chart"), env.resolve("charts/fleet"));
        Files.writeString(env.resolve("kustomization.yaml"), """
                namespace: fleet
                labels:
                - pairs: {team: platform}
                helmCharts:
                - name: fleet
                  releaseName: fleet
                  namespace: fleet
                  valuesInline:
                    services: %d
                """.formatted(services));
        int expected = 4 * services + 3;
        var threads = ManagementFactory.getThreadMXBean();
        Results.Row first = bench.results.row(expected, "render an environment with a Helm chart of " + expected
                + " objects: first render in the JVM (loads the native Helm library)", true);
        Results.Row warm = bench.results.row(expected, "render an environment with a Helm chart of " + expected
                + " objects (helmCharts, committed chart; in-process, warm JVM)", true);
        for (int i = 0; i < 15; i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            DesiredState state = new Renderer().render(new DirectoryTree(repo), ENV, RenderOptions.defaults());
            double wall = (System.nanoTime() - t) / 1e9;
            if (state.objects().size() != expected) {
                throw new IllegalStateException("rendered " + state.objects().size() + " objects, expected " + expected);
            }
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            if (i == 0) {
                first.plumbline.add(wall, cpuSeconds, 0, Double.NaN);
            } else if (i >= 5) { // the first five warm the JIT up
                warm.plumbline.add(wall, cpuSeconds, 0, Double.NaN);
            }
        }
        first.note = "CPU of the rendering thread only (Helm's Go runtime runs on its own threads)";
        warm.note = first.note;
        Benchmark.say("chart render (" + expected + " objects): first " + Benchmark.ms(first.plumbline.wall.get(0))
                + ", warm median " + Benchmark.ms(Results.median(warm.plumbline.wall)));
    }

}
