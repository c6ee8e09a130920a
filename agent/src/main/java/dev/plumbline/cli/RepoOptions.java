package dev.plumbline.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --repo <dir|url>} (required), {@code --revision}, {@code --worktree} and {@code --token-file} (the Git
 * token) for the commands that read a repository and nothing else: {@code render}, {@code validate}, {@code diff},
 * {@code sync}. How it is read: {@link RepoAccess}.
 */
public class RepoOptions extends RepoAccess {

    @Option(names = "--repo", required = true, paramLabel = "<dir|url>",
            description = "repository: a local directory, file://, https://, ssh:// or scp-style URL")
    String repo;

    @Option(names = "--revision", paramLabel = "<rev>", description = "branch, tag or (short) SHA; default: the branch's head")
    String revision;

    @Option(names = "--worktree", description = "read uncommitted files of a local directory instead of a commit")
    boolean worktree;

    @Option(names = "--token-file", description = "https: file holding a token") Path tokenFile;

    @Override
    String repo() {
        return repo;
    }

    @Override
    String revision() {
        return revision;
    }

    @Override
    boolean worktree() {
        return worktree;
    }

    @Override
    Path tokenFile() {
        return tokenFile;
    }
}
