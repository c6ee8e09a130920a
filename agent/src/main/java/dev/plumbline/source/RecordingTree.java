package dev.plumbline.source;

import dev.plumbline.resource.RepoTree;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RepoTree} that remembers every path a render read or listed, so a push can be matched to the
 * environments it affects: a changed file that was read, or a file added to a folder that was listed.
 */
public final class RecordingTree implements RepoTree {

    private final RepoTree tree;
    private final Set<String> files = ConcurrentHashMap.newKeySet();
    private final Set<String> folders = ConcurrentHashMap.newKeySet();

    public RecordingTree(RepoTree tree) {
        this.tree = tree;
    }

    /** What was read: files, and folders whose listing mattered. */
    public record Reads(Set<String> files, Set<String> folders) {

        public boolean affectedBy(String changedPath) {
            String path = RepoTree.normalize(changedPath);
            if (files.contains(path)) {
                return true;
            }
            int slash = path.lastIndexOf('/');
            return folders.contains(slash < 0 ? "" : path.substring(0, slash));
        }
    }

    public Reads reads() {
        return new Reads(Set.copyOf(files), Set.copyOf(folders));
    }

    @Override
    public String revision() {
        return tree.revision();
    }

    @Override
    public boolean isFile(String path) {
        files.add(RepoTree.normalize(path)); // a file that was looked for and is added later affects the render too
        return tree.isFile(path);
    }

    @Override
    public boolean isDirectory(String path) {
        return tree.isDirectory(path);
    }

    @Override
    public List<String> list(String directory) {
        folders.add(RepoTree.normalize(directory));
        return tree.list(directory);
    }

    @Override
    public byte[] read(String path) {
        files.add(RepoTree.normalize(path));
        return tree.read(path);
    }

    @Override
    public long size(String path) {
        return tree.size(path);
    }
}
