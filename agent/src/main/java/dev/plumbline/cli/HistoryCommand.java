package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code plumbline history --env E}: past syncs, newest first, as persisted in the cluster (trigger, revision, result,
 * duration, health, the ChangeSet's counts). The cluster-direct way needs no {@code --repo}: the history is read from
 * {@code --state-namespace}. Exit 0, or 2 when it cannot be read.
 */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Past syncs of an environment, newest first.")
public class HistoryCommand implements Callable<Integer> {

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
        try (VerbBackend backend = target.backend(cli, false, err)) {
            JsonNode records = backend.history(env);
            if (json) {
                VerbOutput.json(out, records);
            } else if (records.isEmpty()) {
                err.println("plumbline history: " + env + ": no syncs recorded");
            } else {
                VerbOutput.history(out, records);
            }
            err.flush();
            return PlumblineCommand.EXIT_CLEAN;
        }
    }
}
