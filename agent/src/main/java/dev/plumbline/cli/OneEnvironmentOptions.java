package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What the commands that compare or converge one environment share: the repository, the cluster, {@code --env} and
 * {@code -o text|json}.
 */
public class OneEnvironmentOptions {

    @CommandLine.Mixin
    RepoOptions repo;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String output;

    /** Whether the output is JSON; a usage error (exit 2) for anything but {@code text} and {@code json}. */
    boolean json(CommandLine commandLine) {
        if (!output.equals("text") && !output.equals("json")) {
            throw new CommandLine.ParameterException(commandLine, "-o must be text or json, not " + output);
        }
        return output.equals("json");
    }
}
