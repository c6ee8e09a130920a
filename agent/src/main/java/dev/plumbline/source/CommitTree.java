package dev.plumbline.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;

import dev.plumbline.resource.RepoTree;
import dev.plumbline.source.SourceException.Reason;

/**
 * One commit's tree, read straight from the object database: no working tree, so a render sees exactly one commit
 * however often the branch moves meanwhile. Directory listings and resolved paths are cached (a commit never
 * changes); reads are thread-safe. Symbolic links are followed only while they stay inside the repository;
 * submodules (gitlinks) are reported as unsupported rather than silently read as empty.
 */
public final class CommitTree implements RepoTree {

    private static final int MAX_LINKS = 40; // as Linux' MAXSYMLINKS: a cycle ends in a clear error

    /** One tree entry: its mode and object id, and the real path it lives at (after links). */
    private record Entry(String path, FileMode mode, ObjectId id) {
        boolean isTree() {
            return mode == FileMode.TREE;
        }

        boolean isFile() {
            return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
        }
    }

    private final Repository repository;
    private final Revision revision;
    private final Entry root;
    private final Map<ObjectId, Map<String, Entry>> directories = new ConcurrentHashMap<>();
    private final Map<String, Optional<Entry>> resolved = new ConcurrentHashMap<>();

    CommitTree(Repository repository, Revision revision, ObjectId treeId) {
        this.repository = repository;
        this.revision = revision;
        this.root = new Entry("", FileMode.TREE, treeId);
    }

    @Override
    public String revision() {
        return revision.sha();
    }

    /** The commit this tree belongs to. */
    public Revision commit() {
        return revision;
    }

    @Override
    public boolean isFile(String path) {
        return lookup(path).map(Entry::isFile).orElse(false);
    }

    @Override
    public boolean isDirectory(String path) {
        return lookup(path).map(Entry::isTree).orElse(false);
    }

    @Override
    public List<String> list(String directory) {
        return lookup(directory).filter(Entry::isTree)
                .map(dir -> List.copyOf(children(dir.id()).keySet()))
                .orElse(List.of());
    }

    @Override
    public byte[] read(String path) {
        String normalized = RepoTree.normalize(path);
        Entry entry = lookup(normalized).orElseThrow(() -> new RepoPathException(normalized, "does not exist"));
        if (entry.isTree()) {
            throw new RepoPathException(normalized, "is a directory, not a file");
        }
        if (entry.mode() == FileMode.GITLINK) {
            throw new RepoPathException(normalized, "is a submodule (gitlink); submodules are not supported");
        }
        return blob(entry.id(), normalized);
    }

    /** From the object's header: a render refuses an oversized blob before inflating it. */
    @Override
    public long size(String path) {
        String normalized = RepoTree.normalize(path);
        Optional<Entry> entry = lookup(normalized).filter(Entry::isFile);
        if (entry.isEmpty() || entry.get().mode() == FileMode.GITLINK) {
            return 0; // read() reports what is wrong with the path
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.getObjectSize(entry.get().id(), Constants.OBJ_BLOB);
        } catch (IOException e) {
            throw unreadable(normalized, e);
        }
    }

    private Optional<Entry> lookup(String path) {
        return lookup(RepoTree.normalize(path), 0);
    }

    private Optional<Entry> lookup(String normalized, int links) {
        Optional<Entry> known = resolved.get(normalized);
        if (known == null) {
            // not computeIfAbsent: resolving a link looks up other paths, and the map forbids recursive updates
            known = walk(normalized, links);
            resolved.putIfAbsent(normalized, known);
        }
        return known;
    }

    /** Follows {@code path} segment by segment from the root, resolving links relative to their directory. */
    private Optional<Entry> walk(String path, int links) {
        Entry current = root;
        if (path.isEmpty()) {
            return Optional.of(current);
        }
        for (String name : path.split("/")) {
            if (!current.isTree()) {
                return Optional.empty();
            }
            Entry raw = children(current.id()).get(name);
            if (raw == null) {
                return Optional.empty();
            }
            Entry child = new Entry(current.path().isEmpty() ? name : current.path() + "/" + name, raw.mode(), raw.id());
            if (child.mode() == FileMode.SYMLINK) {
                Optional<Entry> target = followLink(current.path(), child, links);
                if (target.isEmpty()) {
                    return Optional.empty(); // a dangling link reads as absent, as on a file system
                }
                child = target.get();
            }
            current = child;
        }
        return Optional.of(current);
    }

    private Optional<Entry> followLink(String directory, Entry link, int links) {
        if (links >= MAX_LINKS) {
            throw new RepoPathException(link.path(), "has too many levels of links");
        }
        String target = new String(blob(link.id(), link.path()), StandardCharsets.UTF_8);
        // absolute targets and targets climbing above the root both point outside the commit
        RepoPathException leaves = new RepoPathException(link.path(), "is a link that leaves the repository (target " + target + ")");
        if (target.startsWith("/")) {
            throw leaves;
        }
        String inside;
        try {
            inside = RepoTree.resolve(directory, target);
        } catch (RepoPathException e) {
            throw leaves;
        }
        return lookup(inside, links + 1);
    }

    /** Entries of a tree object by name, sorted; their path is just the name (one tree may sit at several paths). */
    private Map<String, Entry> children(ObjectId treeId) {
        Map<String, Entry> known = directories.get(treeId);
        if (known == null) {
            known = readTree(treeId);
            directories.putIfAbsent(treeId, known);
        }
        return known;
    }

    private Map<String, Entry> readTree(ObjectId treeId) {
        try (ObjectReader reader = repository.newObjectReader(); TreeWalk walk = new TreeWalk(reader)) {
            walk.addTree(treeId);
            walk.setRecursive(false);
            Map<String, Entry> entries = new TreeMap<>();
            while (walk.next()) {
                entries.put(walk.getNameString(), new Entry(walk.getNameString(), walk.getFileMode(0), walk.getObjectId(0)));
            }
            return Collections.unmodifiableMap(entries);
        } catch (IOException e) {
            throw unreadable("tree " + treeId.name(), e);
        }
    }

    private byte[] blob(ObjectId id, String path) {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.open(id, Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private SourceException unreadable(String what, IOException e) {
        return new SourceException(Reason.CORRUPT_CACHE,
                "commit " + revision.shortSha() + " read of " + what + " failed: " + e.getMessage(), e);
    }
}
