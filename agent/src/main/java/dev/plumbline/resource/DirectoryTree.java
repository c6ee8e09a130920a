package dev.plumbline.resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A working directory as a {@link RepoTree} ({@code --worktree}, tests). Links must resolve inside the root. */
public final class DirectoryTree implements RepoTree {

    private final Path root;

    public DirectoryTree(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new RepoPathException(root.toString(), "cannot be read: " + e.getMessage());
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String revision() {
        return "worktree";
    }

    private Path locate(String path) {
        String normalized = RepoTree.normalize(path);
        Path p = normalized.isEmpty() ? root : root.resolve(normalized);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path real = p.toRealPath();
                if (!real.startsWith(root)) {
                    throw new RepoPathException(normalized, "is a link that leaves the repository");
                }
                return real;
            } catch (IOException e) {
                throw new RepoPathException(normalized, "cannot be resolved: " + e.getMessage());
            }
        }
        return p;
    }

    @Override
    public boolean isFile(String path) {
        return Files.isRegularFile(locate(path));
    }

    @Override
    public boolean isDirectory(String path) {
        return Files.isDirectory(locate(path));
    }

    @Override
    public List<String> list(String directory) {
        Path dir = locate(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.map(c -> c.getFileName().toString()).filter(n -> !n.equals(".git")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(String path) {
        Path p = locate(path);
        if (!Files.isRegularFile(p)) {
            throw new RepoPathException(RepoTree.normalize(path), Files.isDirectory(p) ? "is a directory, not a file" : "does not exist");
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new RepoPathException(RepoTree.normalize(path), "cannot be read: " + e.getMessage());
        }
    }

    @Override
    public long size(String path) {
        Path p = locate(path);
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0; // read() reports what is wrong with the path
        } catch (IOException e) {
            return 0;
        }
    }
}
