package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where a verb ({@code approve}, {@code rollback}, {@code resume}, {@code history}, {@code status}) acts: a running
 * agent over its HTTP API ({@code --server URL --token-file F}), or the cluster directly as {@code sync} does
 * ({@code --repo}, {@code --kubeconfig}, ...; state in {@code --state-namespace}). {@code --token-file} authenticates to
 * what the verb talks to: the agent's API token with {@code --server}, an https repository's Git token with
 * {@code --repo}.
 */
public class VerbTarget extends RepoAccess {

    @Option(names = "--server", paramLabel = "URL",
            description = "a running agent's URL, e.g. http://plumbline.plumbline-system:8080 (else the cluster directly, with --repo)")
    URI server;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "with --server: file holding the agent's API token (plumbline.api.token-file); with an https --repo: the Git token")
    Path tokenFile;

    @Option(names = "--repo", paramLabel = "<dir|url>",
            description = "the cluster directly: the repository the environments come from (a local directory or a URL), as for sync")
    String repo;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String output;

    @Override
    String repo() {
        return repo;
    }

    @Override
    String revision() {
        return null; // the verbs read the branch head; the revision they approve or pin is resolved from there
    }

    @Override
    boolean worktree() {
        return false; // approvals and pins name commits; uncommitted files have none
    }

    @Override
    Path tokenFile() {
        return server == null ? tokenFile : null;
    }

    /** Whether the output is JSON; a usage error (exit 2) for anything but {@code text} and {@code json}. */
    boolean json(CommandLine commandLine) {
        if (!output.equals("text") && !output.equals("json")) {
            throw new CommandLine.ParameterException(commandLine, "-o must be text or json, not " + output);
        }
        return output.equals("json");
    }

    /**
     * The way to the environments: the agent at {@code --server}, else the cluster directly. {@code needsRepo}: the
     * verb reads Git in the cluster-direct mode (all but {@code history}), so it needs {@code --repo} there.
     *
     * @throws CommandLine.ParameterException both ways given, or neither when the verb needs one
     */
    VerbBackend backend(CommandLine commandLine, boolean needsRepo, PrintWriter progress) {
        String verb = commandLine.getCommandName();
        if (server != null && repo != null) {
            throw new CommandLine.ParameterException(commandLine,
                    verb + " talks to a running agent (--server) or to the cluster directly (--repo), not both");
        }
        if (server != null) {
            return new AgentBackend(server, tokenFile, progress);
        }
        if (needsRepo && repo == null) {
            throw new CommandLine.ParameterException(commandLine,
                    verb + " needs --server URL (a running agent) or --repo <dir|url> (the cluster directly)");
        }
        return new ClusterBackend(this, progress);
    }
}
