package dev.plumbline.controlplane;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One child process of the control plane: output appended to {@code <name>.log} in the run directory (never to the
 * test's stdout), pid recorded in {@code <name>.pid} so a later JVM can clean up after a crash of this one.
 */
final class ServerProcess {

    static final int TAIL_LINES = 40;
    private static final Pattern PORT_CLASH = Pattern.compile("(127\\.0\\.0\\.1:\\d+)[^\\n]*address already in use");

    private final String name;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    ServerProcess(String name, Path runDir) {
        this.name = name;
        this.logFile = runDir.resolve(name + ".log");
        this.pidFile = runDir.resolve(name + ".pid");
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    void start(List<String> command) {
        try {
            Files.writeString(logFile, "---- " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            ProcessRecord.of(process.toHandle()).write(pidFile);
        } catch (IOException e) {
            throw new ControlPlaneException(name + " start failed: " + e.getMessage(), e);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Optional<ProcessHandle> handle() {
        return alive() ? Optional.of(process.toHandle()) : Optional.empty();
    }

    /** Stops the process (SIGTERM, then SIGKILL after {@code grace}) and forgets its pid file. */
    void stop(Duration grace) {
        if (process != null && process.isAlive()) {
            ProcessRecord.terminate(process.toHandle(), grace);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: its start time no longer matches any live process
        }
    }

    /** The exception for a process that died during {@code step}; a bind failure is a {@link PortClash}. */
    ControlPlaneException exited(String step) {
        int code = process.exitValue();
        String tail = logTail();
        Matcher clash = PORT_CLASH.matcher(tail);
        if (clash.find()) {
            return new PortClash(name, clash.group(1), failure(step, "port " + clash.group(1) + " already in use"));
        }
        return failure(step, "exited with code " + code);
    }

    ControlPlaneException failure(String step, String cause) {
        return new ControlPlaneException(name + " " + step + " failed: " + cause + "; log " + logFile
                + ", last log lines:\n" + logTail());
    }

    /** The last {@value #TAIL_LINES} lines of the log; reads only the end of the file, logs can grow large. */
    String logTail() {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            int chunk = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[chunk];
            file.seek(length - chunk);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
            return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - TAIL_LINES), lines.length));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** A server could not bind its port: someone took it between our choice and the bind. Retried once. */
    static final class PortClash extends ControlPlaneException {
        private final String server;
        private final String address;

        PortClash(String server, String address, ControlPlaneException detail) {
            super(detail.getMessage());
            this.server = server;
            this.address = address;
        }

        String server() {
            return server;
        }

        String address() {
            return address;
        }
    }
}
