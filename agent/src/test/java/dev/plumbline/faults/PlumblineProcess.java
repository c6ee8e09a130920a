package dev.plumbline.faults;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code plumbline} executable jar as a child process, which a test may SIGKILL while it applies. */
final class PlumblineProcess {

    record Run(int exitCode, String stderr) {
    }

    private PlumblineProcess() {
    }

    /**
     * Runs {@code java -jar <jar> <args>} (stdout to {@code out}); with {@code killAfter} ≥ 1, SIGKILLs it once that
     * many {@code created}/{@code configured} progress lines have appeared on stderr. Waits at most two minutes.
     */
    static Run run(Path jar, Path out, int killAfter, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
        StringBuilder err = new StringBuilder();
        int applied = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                err.append(line).append('\n');
                if ((line.startsWith("plumbline sync: created ") || line.startsWith("plumbline sync: configured "))
                        && ++applied == killAfter) {
                    p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                    break;
                }
            }
        } finally {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("plumbline " + String.join(" ", args) + " did not end: " + err);
            }
        }
        return new Run(p.exitValue(), err.toString());
    }
}
