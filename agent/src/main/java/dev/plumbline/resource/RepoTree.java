package dev.plumbline.resource;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A read-only snapshot of a repository: one Git commit's tree (so a render sees exactly one commit) or a working
 * directory. Paths are relative to the repository root, {@code /}-separated, without a leading slash and without
 * {@code .} or {@code ..} segments ({@link #normalize} makes them so, and refuses to leave the root).
 */
public interface RepoTree {

    /** The full commit SHA, or {@code "worktree"} for a working directory. */
    String revision();

    boolean isFile(String path);

    boolean isDirectory(String path);

    /** Names of the direct children of a directory (files and directories), sorted; empty if none or absent. */
    List<String> list(String directory);

    /**
     * Content of a file. A symbolic link is followed only while its target stays inside the repository.
     *
     * @throws RepoPathException if the path is absent, a directory, or a link that leaves the repository
     */
    byte[] read(String path);

    /** Size of a file in bytes, without loading it where the tree can tell (a Git blob's header). */
    default long size(String path) {
        return read(path).length;
    }

    default String readString(String path) {
        return new String(read(path), StandardCharsets.UTF_8);
    }

    /** {@code a/./b/../c -> a/c}; {@code ""} is the root; a path climbing above the root is an error. */
    static String normalize(String path) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/")) {
            throw new RepoPathException(path, "is absolute; paths are relative to the repository root");
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    throw new RepoPathException(path, "leaves the repository");
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return String.join("/", parts);
    }

    /** Join a relative reference onto a directory and normalize: {@code resolve("environments/staging", "../../manifests/app")}. */
    static String resolve(String directory, String relative) {
        return normalize(directory.isEmpty() ? relative : directory + "/" + relative);
    }

    /** A path that does not exist, is of the wrong type, or escapes the repository. */
    class RepoPathException extends PlumblineException {
        private final String path;

        public RepoPathException(String path, String problem) {
            super(path + ": " + problem);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
