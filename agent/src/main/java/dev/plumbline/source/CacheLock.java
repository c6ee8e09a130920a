package dev.plumbline.source;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.plumbline.source.SourceException.Reason;

/**
 * Serializes updates of one cache folder: a JVM lock for threads (a scheduler and an HTTP request may both fetch)
 * and a file lock for processes (the CLI and the agent may share a cache). The file lock is taken by the outermost
 * holder only, because a second {@link FileChannel#tryLock} from the same JVM would throw.
 */
record CacheLock(ReentrantLock jvm, FileChannel channel, FileLock file) implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** Locks the cache folder {@code dir} through {@code <dir>.lock} next to it. */
    static CacheLock acquire(Path dir, long timeoutMs) {
        ReentrantLock jvm = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        String subject = "git cache " + dir;
        long deadline = System.currentTimeMillis() + timeoutMs;
        try {
            if (!jvm.tryLock(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw busy(subject, timeoutMs);
            }
            if (jvm.getHoldCount() > 1) {
                return new CacheLock(jvm, null, null);
            }
            Files.createDirectories(dir.getParent());
            Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock file;
            while ((file = channel.tryLock()) == null) {
                if (System.currentTimeMillis() > deadline) {
                    channel.close();
                    throw busy(subject, timeoutMs);
                }
                Thread.sleep(100);
            }
            return new CacheLock(jvm, channel, file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unlockIfHeld(jvm);
            throw new SourceException(Reason.FAILED, subject + " lock failed: interrupted");
        } catch (IOException | RuntimeException e) {
            unlockIfHeld(jvm);
            throw e instanceof SourceException s ? s
                    : new SourceException(Reason.FAILED, subject + " lock failed: " + e.getMessage(), e);
        }
    }

    private static SourceException busy(String subject, long timeoutMs) {
        return new SourceException(Reason.FAILED, subject + " lock failed: another fetch held it for more than "
                + timeoutMs / 1000 + "s");
    }

    private static void unlockIfHeld(ReentrantLock jvm) {
        if (jvm.isHeldByCurrentThread()) {
            jvm.unlock();
        }
    }

    @Override
    public void close() {
        try {
            if (file != null) {
                file.release();
                channel.close();
            }
        } catch (IOException e) {
            // closing the channel releases the lock anyway; nothing to retry
        } finally {
            jvm.unlock();
        }
    }
}
