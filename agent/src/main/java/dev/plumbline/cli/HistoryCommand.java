package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plumbline history --env E}: past syncs, newest first, as persisted in the cluster (trigger, revision, result,
 * duration, health, the ChangeSet's counts). The cluster-direct way needs no {@code --repo}: the history is read from
 * {@code --state-namespace}. Exit 0, or 2 when it cannot be read.
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Past syncs of an environment, newest first.")
public class HistoryCommand extends VerbCommand {

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Override
    boolean needsRepo() {
        return false; // the history lives in the state namespace: no Git needed
    }

    @Override
    int run(VerbBackend backend, Io io) {
        JsonNode records = backend.history(env);
        if (io.json()) {
            VerbOutput.json(io.out(), records);
        } else if (records.isEmpty()) {
            io.err().println(io.verb() + env + ": no syncs recorded");
        } else {
            VerbOutput.history(io.out(), records);
        }
        return PlumblineCommand.EXIT_CLEAN;
    }
}
