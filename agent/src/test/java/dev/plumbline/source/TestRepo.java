package dev.plumbline.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real repository with a working tree, built with JGit, that tests commit to and GitSource fetches from. */
final class TestRepo implements AutoCloseable {

    static final PersonIdent AUTHOR = new PersonIdent("Ada Author", "ada@example.com");

    private final Git git;
    private final Path dir;

    private TestRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    static TestRepo init(Path dir) {
        try {
            return new TestRepo(Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call(), dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    Path dir() {
        return dir;
    }

    Git git() {
        return git;
    }

    /** Writes the files (a {@code null} content deletes one) and commits them all. */
    RevCommit commit(String message, Map<String, String> files) {
        try {
            List<String> deleted = new ArrayList<>();
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                if (f.getValue() == null) {
                    Files.delete(p);
                    deleted.add(f.getKey());
                } else {
                    Files.createDirectories(p.getParent());
                    Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
                }
            }
            return commitAll(message, deleted);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits a symbolic link {@code path -> target} (mode 120000). */
    RevCommit symlink(String message, String path, String target) {
        try {
            Path link = dir.resolve(path);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
            return commitAll(message, List.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private RevCommit commitAll(String message, List<String> deleted) {
        try {
            git.add().addFilepattern(".").call();
            for (String d : deleted) {
                git.rm().addFilepattern(d).call();
            }
            return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void tag(String name, boolean annotated) {
        try {
            git.tag().setName(name).setAnnotated(annotated).setMessage(annotated ? "release " + name : null)
                    .setTagger(annotated ? AUTHOR : null).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
