package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plumbline resume --env E}: deletes the pin, so the environment follows its branch again, and runs a cycle
 * (the gate decides: an auto-synced environment moves to the head, a gated one waits for an approval). The API's
 * {@code DELETE /api/v1/environments/{env}/pin}; the agent runs that cycle itself.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Unpin an environment: follow its branch again.")
public class ResumeCommand extends VerbCommand {

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Override
    int run(VerbBackend backend, Io io) {
        JsonNode control = backend.unpin(env);
        if (io.json()) {
            VerbOutput.json(io.out(), control);
        } else {
            String applied = VerbOutput.text(control, "lastAppliedRevision");
            io.out().println(env + ": unpinned, following its branch (last applied " + VerbOutput.shortSha(applied) + ")");
        }
        return PlumblineCommand.EXIT_CLEAN;
    }
}
