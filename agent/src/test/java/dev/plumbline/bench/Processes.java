package dev.plumbline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as a whole process, as a user would, and measures it: wall time (this JVM's clock around the
 * process), CPU seconds (user + system, children included) and peak RSS, both from {@code /usr/bin/time} when it is
 * installed, else sampled from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status} while it runs (children not
 * included). Output goes to files under the log folder. Every run is bounded by a timeout and killed (with its
 * descendants) when it overruns.
 */
final class Processes {

    /** One finished run. {@code cpuSeconds} and {@code maxRssMiB} are NaN when unknown. */
    record Run(int exit, double wallSeconds, double cpuSeconds, double maxRssMiB, Path stdout, Path stderr) {
        String stderrText() {
            return read(stderr);
        }

        String stdoutText() {
            return read(stdout);
        }
    }

    private static final Path TIME = Path.of("/usr/bin/time");
    private static final long TICKS = 100; // USER_HZ on Linux

    private final Path logs;
    private int sequence;

    Processes(Path logs) {
        this.logs = logs;
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean timeAvailable() {
        return Files.isExecutable(TIME);
    }

    Run run(String label, List<String> command, Map<String, String> env, long timeoutSeconds) {
        String base = String.format("%03d-%s", ++sequence, label.replaceAll("[^A-Za-z0-9_.-]", "_"));
        Path out = logs.resolve(base + ".out");
        Path err = logs.resolve(base + ".err");
        Path timeFile = logs.resolve(base + ".time");
        List<String> full = new ArrayList<>();
        boolean timed = timeAvailable();
        if (timed) {
            full.addAll(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", timeFile.toString()));
        }
        full.addAll(command);
        try {
            Files.writeString(logs.resolve(base + ".cmd"), String.join(" ", command) + "\n");
            ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            double[] sampled = {Double.NaN, Double.NaN};
            long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!p.waitFor(timed ? 1000 : 50, TimeUnit.MILLISECONDS)) {
                if (!timed) {
                    sample(p.pid(), sampled);
                }
                if (System.nanoTime() > deadline) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(label + " did not finish within " + timeoutSeconds + " s; see " + err);
                }
            }
            double wall = (System.nanoTime() - start) / 1e9;
            double cpu = sampled[0];
            double rss = sampled[1];
            if (timed && Files.isReadable(timeFile)) {
                // the last line: earlier ones are "Command exited with non-zero status N"
                List<String> lines = Files.readAllLines(timeFile);
                String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
                cpu = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
                rss = Double.parseDouble(f[3]) / 1024.0;
            }
            return new Run(p.exitValue(), wall, cpu, rss, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(label + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(label + " interrupted", e);
        }
    }

    /** The last CPU and RSS sample of a running process (fallback without /usr/bin/time). */
    private static void sample(long pid, double[] into) {
        cpuSeconds(pid).ifPresent(c -> into[0] = c);
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    into[1] = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between the check and the read
        }
    }

    /** utime + stime of a live process, from {@code /proc/<pid>/stat}. */
    static Optional<Double> cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime field 14, stime field 15 (1-based) → index 11, 12 here
            return Optional.of((Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) TICKS);
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }

    /** Resident set size of a live process in MiB. */
    static Optional<Double> rssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
