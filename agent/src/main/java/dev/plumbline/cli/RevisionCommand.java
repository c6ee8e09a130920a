package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.render.RenderException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code approve} and {@code rollback}: a sync naming a revision, through a running agent or the cluster directly.
 * The ChangeSet on stdout (or the API's whole answer with {@code -o json}), progress on stderr; exit 0, or 2 when an
 * object failed, a guard stopped the sync, or the request failed (an unknown revision, a refused token, ...).
 */
abstract class RevisionCommand implements Callable<Integer> {

    @CommandLine.Mixin
    VerbTarget target;

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Option(names = "--revision", required = true, paramLabel = "<sha>", description = "the commit: a (short) SHA, branch or tag")
    String revision;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether the environment is held at the revision until resumed (rollback), or the revision is approved. */
    abstract boolean pin();

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        boolean json = target.json(cli);
        PrintWriter out = cli.getOut();
        PrintWriter err = cli.getErr();
        String verb = "plumbline " + cli.getCommandName() + ": ";
        try (VerbBackend backend = target.backend(cli, true, err)) {
            err.println(verb + (pin() ? "pinning " : "approving ") + env + " at " + revision);
            err.flush();
            JsonNode outcome = backend.sync(env, revision, pin());
            JsonNode changeSet = outcome.path("changeSet");
            if (json) {
                VerbOutput.json(out, outcome);
            } else {
                VerbOutput.changeSet(out, changeSet);
            }
            String guard = VerbOutput.text(changeSet, "guard");
            if (guard != null) {
                err.println(verb + "stopped: " + guard);
            }
            JsonNode report = outcome.path("report");
            err.println(verb + env + " at " + VerbOutput.shortSha(VerbOutput.text(changeSet, "revision")) + ": "
                    + VerbOutput.summary(changeSet.path("summary")) + health(report) + "; " + VerbOutput.gate(report.path("gate")));
            err.flush();
            return changeSet.path("failed").asBoolean() || guard != null ? PlumblineCommand.EXIT_ERROR : PlumblineCommand.EXIT_CLEAN;
        } catch (RenderException e) {
            Problems.print(err, e);
            return PlumblineCommand.EXIT_ERROR;
        }
    }

    private static String health(JsonNode report) {
        String word = VerbOutput.text(report.path("health"), "health");
        return word == null ? "" : ", health " + word;
    }
}
