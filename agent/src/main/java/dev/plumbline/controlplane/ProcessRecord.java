package dev.plumbline.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A pid plus the process' start time, as written to a pid file. The start time guards against pid reuse: a
 * leftover is only killed when the live process with that pid started when the recorded one did.
 */
record ProcessRecord(long pid, long startMillis) {

    /** Start times are derived from clock ticks since boot; allow for rounding between JVMs. */
    private static final long START_TOLERANCE_MILLIS = 1000;

    static ProcessRecord of(ProcessHandle handle) {
        long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        return new ProcessRecord(handle.pid(), start);
    }

    static Optional<ProcessRecord> read(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            long start = parts.length > 1 ? Long.parseLong(parts[1]) : -1L;
            return Optional.of(new ProcessRecord(Long.parseLong(parts[0]), start));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(Path file) throws IOException {
        Files.writeString(file, pid + " " + startMillis + "\n");
    }

    /** The recorded process itself, if it is still running (not merely a process that reuses its pid). */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle handle) {
        if (startMillis < 0) {
            return true;
        }
        return handle.info().startInstant()
                .map(s -> Math.abs(s.toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS)
                .orElse(false);
    }

    /** SIGTERM, then SIGKILL after {@code grace}. Returns whether the process is gone. */
    static boolean terminate(ProcessHandle handle, Duration grace) {
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            handle.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return !handle.isAlive();
        }
    }
}
