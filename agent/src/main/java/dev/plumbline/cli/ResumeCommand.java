package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code plumbline resume --env E}: deletes the pin, so the environment follows its branch again, and runs a cycle
 * (the gate decides: an auto-synced environment moves to the head, a gated one waits for an approval). The API's
 * {@code DELETE /api/v1/environments/{env}/pin}; the agent runs that cycle itself.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Unpin an environment: follow its branch again.")
public class ResumeCommand implements Callable<Integer> {

    @CommandLine.Mixin
    VerbTarget target;

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        boolean json = target.json(cli);
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        try (VerbBackend backend = target.backend(cli, true, err)) {
            JsonNode control = backend.unpin(env);
            if (json) {
                VerbOutput.json(out, control);
            } else {
                String applied = VerbOutput.text(control, "lastAppliedRevision");
                out.println(env + ": unpinned, following its branch (last applied " + VerbOutput.shortSha(applied) + ")");
                out.flush();
            }
            return PlumblineCommand.EXIT_CLEAN;
        }
    }
}
