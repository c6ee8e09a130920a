package dev.plumbline.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Consumer;

import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

import dev.plumbline.source.SourceException.Reason;

/**
 * A bare mirror of one remote under the cache directory. Created by cloning into a temporary folder that is renamed
 * into place, so a half-finished clone never looks like a cache. Updates (clone, fetch, repair) are serialized per
 * cache folder, across sources in this JVM and across processes (a file lock: the CLI and the agent may share a
 * cache); reads run concurrently. A cache whose objects turn out to be missing or damaged is re-cloned once.
 */
final class BareCache implements AutoCloseable {

    /** An action found the cache's objects or refs missing or damaged. */
    static final class Corrupt extends RuntimeException {
        Corrupt(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @FunctionalInterface
    interface CacheAction<T> {
        T apply(Repository repository) throws IOException;
    }

    private final Path dir;
    private final MaskedUrl url;
    private final Consumer<Repository> populate;
    private final SourceListener listener;
    private final long lockTimeoutMs;
    private volatile Repository repository;

    BareCache(Path dir, MaskedUrl url, Consumer<Repository> populate, SourceListener listener, long lockTimeoutMs) {
        this.dir = dir.toAbsolutePath().normalize();
        this.url = url;
        this.populate = populate;
        this.listener = listener;
        this.lockTimeoutMs = lockTimeoutMs;
    }

    /** {@code <cacheDir>/<repo name>-<hash of the masked URL>}: readable, stable across credential rotation. */
    static Path directoryFor(Path cacheDir, MaskedUrl url) {
        String path = url.masked().replaceAll("[/\\\\]+$", "");
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf(':')) + 1)
                .replaceAll("\\.git$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        name = name.isEmpty() ? "repo" : name.substring(0, Math.min(name.length(), 40));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.masked().getBytes(StandardCharsets.UTF_8));
            return cacheDir.resolve(name + "-" + HexFormat.of().formatHex(hash, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    Path directory() {
        return dir;
    }

    /** Runs a read-only action without the lock once the cache exists; creating or repairing it takes the lock. */
    <T> T read(CacheAction<T> action) {
        Repository repo = repository;
        if (repo != null) {
            try {
                return run(repo, action);
            } catch (Corrupt e) {
                // fall through: update() detects it again under the lock and repairs
            }
        }
        return update(action);
    }

    /** Runs an action under the cache lock; a corrupt cache is re-cloned once and the action retried. */
    <T> T update(CacheAction<T> action) {
        try (CacheLock held = CacheLock.acquire(dir, lockTimeoutMs)) {
            Repository repo = openOrClone();
            try {
                return run(repo, action);
            } catch (Corrupt first) {
                listener.progress("cache " + dir + " of " + url + " corrupt (" + first.getMessage() + "), re-cloning");
                repo = reclone();
                try {
                    return run(repo, action);
                } catch (Corrupt again) {
                    throw new SourceException(Reason.CORRUPT_CACHE, "git cache " + dir + " repair failed: still corrupt after re-cloning "
                            + url + " (" + again.getMessage() + ")", again);
                }
            }
        }
    }

    private static <T> T run(Repository repo, CacheAction<T> action) {
        try {
            return action.apply(repo);
        } catch (MissingObjectException e) {
            throw new Corrupt("object " + e.getObjectId().name() + " is missing", e);
        } catch (CorruptObjectException e) {
            throw new Corrupt(e.getMessage(), e);
        } catch (IOException e) {
            throw new Corrupt(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private Repository openOrClone() {
        Repository repo = repository;
        if (repo == null) {
            if (Files.isDirectory(dir)) {
                try {
                    repo = open();
                } catch (IOException e) {
                    listener.progress("cache " + dir + " of " + url + " corrupt (cannot be opened: " + e.getMessage() + "), re-cloning");
                    delete(dir);
                    repo = cloneFresh();
                }
            } else {
                repo = cloneFresh();
            }
            repository = repo;
        }
        return repo;
    }

    private Repository open() throws IOException {
        Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().setMustExist(true).build();
        if (!repo.getObjectDatabase().exists()) {
            repo.close();
            throw new IOException("objects folder is missing");
        }
        repo.getRefDatabase().getRefs(); // an unreadable ref store shows here rather than in the middle of a sync
        return repo;
    }

    private Repository cloneFresh() {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + UUID.randomUUID());
        listener.progress("cloning " + url + " into cache " + dir);
        try {
            Files.createDirectories(dir.getParent());
            try (Repository fresh = FileRepositoryBuilder.create(tmp.toFile())) {
                fresh.create(true);
                StoredConfig config = fresh.getConfig();
                config.setBoolean("core", null, "logAllRefUpdates", false); // a mirror needs no reflog
                // JGit may repack after a fetch; in the fetching thread (under the cache lock), not detached,
                // so many small fetches do not pile up packs and no background thread races a re-clone
                config.setBoolean("gc", null, "autoDetach", false);
                config.save();
                populate.accept(fresh);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return open();
        } catch (IOException e) {
            throw new SourceException(Reason.FAILED, "git clone " + url + " into cache " + dir + " failed: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
    }

    private Repository reclone() {
        Repository old = repository;
        repository = null;
        if (old != null) {
            old.close();
        }
        delete(dir);
        Repository repo = cloneFresh();
        repository = repo;
        return repo;
    }

    /** Renames first, so an interrupted delete never leaves a half cache under the real name. */
    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        Path trash = path.resolveSibling(path.getFileName() + ".trash-" + UUID.randomUUID());
        try {
            Files.move(path, trash, StandardCopyOption.ATOMIC_MOVE);
            FileUtils.delete(trash.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        } catch (IOException e) {
            throw new SourceException(Reason.CORRUPT_CACHE, "git cache " + path + " removal failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        Repository repo = repository;
        repository = null;
        if (repo != null) {
            repo.close();
        }
    }
}
