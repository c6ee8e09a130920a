package dev.plumbline.cli;

import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.resource.RepoTree;
import dev.plumbline.source.SourceUrl;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.source.MaskedUrl;
import dev.plumbline.source.Revision;
import dev.plumbline.source.SourceListener;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How to read a repository: the Git options every command that reads one shares, and the reading. The options whose
 * meaning depends on the command ({@code --repo}, {@code --revision}, {@code --worktree}, {@code --token-file}) are
 * declared by the subclass: {@link RepoOptions} for {@code render}, {@code diff}, {@code sync}, ...; the verbs'
 * {@link VerbTarget}, where {@code --repo} is optional (a running agent is the other way) and {@code --token-file}
 * authenticates to what the verb talks to. A local directory is read at the committed tree of its checked-out branch
 * (so the CLI sees what the agent would see after a push), {@code --worktree} reads uncommitted files.
 */
public abstract class RepoAccess {

    /** The repository: a local directory or a URL. */
    abstract String repo();

    /** The revision to read; {@code null}: the branch's head. */
    abstract String revision();

    /** Whether uncommitted files of a local directory are read instead of a commit. */
    abstract boolean worktree();

    /** https: the file holding a Git token; {@code null}: none. */
    abstract Path tokenFile();

    @Option(names = "--branch", description = "branch to follow for a URL (default: main; a local directory: its checked-out branch)")
    String branch;

    @Option(names = "--cache-dir", description = "bare-clone cache (default: ~/.cache/plumbline/git)")
    Path cacheDir;

    @Option(names = "--username-file", description = "https: file holding a user name") Path usernameFile;
    @Option(names = "--password-file", description = "https: file holding a password") Path passwordFile;
    @Option(names = "--ca-file", description = "https: PEM bundle of CAs to trust for this repository") Path caFile;
    @Option(names = "--ssh-key-file", description = "ssh: private key file") Path sshKeyFile;
    @Option(names = "--ssh-key-passphrase-file", description = "ssh: file holding the key's passphrase") Path sshKeyPassphraseFile;
    @Option(names = "--known-hosts-file", description = "ssh: known_hosts file (required with ssh)") Path knownHostsFile;

    /** A readable snapshot; close it to release the Git cache. */
    public record Snapshot(RepoTree tree, Revision revision, GitSource source) implements AutoCloseable {
        @Override
        public void close() {
            if (source != null) {
                source.close();
            }
        }
    }

    boolean isLocalDirectory() {
        return !repo().contains("://") && Files.isDirectory(Path.of(repo()));
    }

    /** Opens the repository; progress lines go to {@code progress} (stderr), only for remote repositories. */
    public Snapshot open(PrintWriter progress) {
        if (worktree()) {
            if (!isLocalDirectory()) {
                throw new IllegalArgumentException("--worktree needs --repo to be a local directory, not " + repo());
            }
            return new Snapshot(new DirectoryTree(Path.of(repo())), null, null);
        }
        GitSource source = new GitSource(gitOptions(), listener(progress));
        try {
            Revision head = source.sync();
            Revision rev = revision() == null ? head : source.resolve(revision());
            return new Snapshot(source.tree(rev), rev, source);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    GitSourceOptions gitOptions() {
        GitSourceOptions o = GitSourceOptions.defaults();
        String url = repo();
        String followed = branch;
        if (isLocalDirectory()) {
            Path dir = Path.of(repo()).toAbsolutePath().normalize();
            url = dir.toString();
            if (followed == null) {
                followed = checkedOutBranch(dir);
            }
        }
        o = o.withUrl(url);
        if (followed != null) {
            o = o.withBranch(followed);
        }
        if (cacheDir != null) {
            o = o.withCacheDir(cacheDir);
        }
        return o.withTokenFile(tokenFile()).withUsernameFile(usernameFile).withPasswordFile(passwordFile)
                .withCaBundleFile(caFile).withSshKeyFile(sshKeyFile).withSshKeyPassphraseFile(sshKeyPassphraseFile)
                .withKnownHostsFile(knownHostsFile);
    }

    private SourceListener listener(PrintWriter progress) {
        if (isLocalDirectory()) {
            return SourceListener.logging();
        }
        return line -> {
            progress.println("plumbline: " + line);
            progress.flush();
        };
    }

    /**
     * The repository this command reads, for the ownership of environments: a URL as given (credentials masked); a
     * local checkout stands for its {@code origin} remote when it has one (a CI job's clone of the repository an agent
     * follows is the same source), else for its own path.
     */
    String location() {
        if (!isLocalDirectory()) {
            return MaskedUrl.of(repo()).masked();
        }
        Path dir = Path.of(repo()).toAbsolutePath().normalize();
        return worktree() ? dir.toString() : SourceUrl.identity(dir.toString());
    }

    /** The branch a local checkout has checked out; {@code null} (the default branch) when HEAD is detached. */
    static String checkedOutBranch(Path dir) {
        try (Repository repository = new FileRepositoryBuilder().findGitDir(dir.toFile()).setMustExist(true).build()) {
            String full = repository.getFullBranch();
            return full != null && full.startsWith("refs/heads/") ? repository.getBranch() : null;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(dir + " is not a Git repository (use --worktree to read plain files): " + e.getMessage(), e);
        }
    }
}
