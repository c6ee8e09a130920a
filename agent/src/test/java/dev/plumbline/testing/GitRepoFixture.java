package dev.plumbline.testing;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Git repository on disk (branch {@code main}) that tests write files into and commit. */
public final class GitRepoFixture implements AutoCloseable {

    private final Path dir;
    private final Git git;

    public GitRepoFixture(Path dir) {
        try {
            this.dir = dir;
            this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("git init " + dir + " failed", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public GitRepoFixture write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public GitRepoFixture delete(String path) {
        try {
            Files.delete(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stages everything (removals included) and commits; returns the new SHA. */
    public String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit c = git.commit().setMessage(message).setAuthor("Test Author", "test@example.com")
                    .setCommitter("Test Author", "test@example.com").call();
            return c.getName();
        } catch (GitAPIException e) {
            throw new IllegalStateException("git commit failed", e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
