package dev.plumbline.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs directory: one folder per control plane ({@code runs/<id>/}) holding {@code owner.pid} (the JVM that
 * started it), one {@code <process>.pid} per server, logs and etcd data. A JVM killed with SIGKILL runs no
 * shutdown hook, so its etcd and kube-apiserver live on; the next start anywhere on this machine finds them
 * here and stops them.
 */
final class RunRegistry {

    static final String OWNER_FILE = "owner.pid";
    private static final Logger LOG = LoggerFactory.getLogger(RunRegistry.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunRegistry() {
    }

    /** A new run folder owned by this JVM. */
    static Path create(Path runsDir) {
        String id = LocalDateTime.now().format(STAMP) + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        try {
            Path dir = Files.createDirectories(runsDir.resolve(id));
            ProcessRecord.of(ProcessHandle.current()).write(dir.resolve(OWNER_FILE));
            return dir;
        } catch (IOException e) {
            throw new ControlPlaneException("run directory " + runsDir + " creation failed: " + e.getMessage(), e);
        }
    }

    /** Stops the processes of every run whose owner JVM is gone, then deletes that run's folder. */
    static void reapLeftovers(Path runsDir, Duration grace) {
        if (!Files.isDirectory(runsDir)) {
            return;
        }
        try (Stream<Path> runs = Files.list(runsDir)) {
            runs.filter(Files::isDirectory).filter(RunRegistry::orphaned).forEach(run -> reap(run, grace));
        } catch (IOException e) {
            LOG.warn("leftover scan of {} failed: {}", runsDir, e.getMessage());
        }
    }

    private static boolean orphaned(Path run) {
        Optional<ProcessRecord> owner = ProcessRecord.read(run.resolve(OWNER_FILE));
        // a folder without a readable owner is half-created; it is ours to clean only if nothing runs from it
        return owner.isEmpty() || owner.get().live().isEmpty();
    }

    private static void reap(Path run, Duration grace) {
        for (Path pidFile : pidFiles(run)) {
            ProcessRecord.read(pidFile).flatMap(ProcessRecord::live).ifPresent(handle -> {
                LOG.info("stopping leftover {} (pid {}) of {}: its owner JVM is gone",
                        pidFile.getFileName().toString().replace(".pid", ""), handle.pid(), run);
                ProcessRecord.terminate(handle, grace);
            });
        }
        delete(run);
    }

    private static List<Path> pidFiles(Path run) {
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .filter(f -> !f.getFileName().toString().equals(OWNER_FILE))
                    // kube-apiserver before etcd: stopped the other way round it waits for etcd while draining
                    .sorted(Comparator.reverseOrder())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Deletes a run folder; best effort, a file still written by a dying process may make it fail. */
    static void delete(Path run) {
        try (Stream<Path> tree = Files.walk(run)) {
            tree.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("deleting {} failed: {}", run, e.getMessage());
        }
    }
}
