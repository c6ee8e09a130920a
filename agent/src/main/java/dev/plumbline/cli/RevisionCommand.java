package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

/**
 * {@code approve} and {@code rollback}: a sync naming a revision, through a running agent or the cluster directly.
 * The ChangeSet on stdout (or the API's whole answer with {@code -o json}), progress on stderr; exit 0, or 2 when an
 * object failed, a guard stopped the sync, or the request failed (an unknown revision, a refused token, ...).
 */
abstract class RevisionCommand extends VerbCommand {

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Option(names = "--revision", required = true, paramLabel = "<sha>", description = "the commit: a (short) SHA, branch or tag")
    String revision;

    /** Whether the environment is held at the revision until resumed (rollback), or the revision is approved. */
    abstract boolean pin();

    @Override
    int run(VerbBackend backend, Io io) {
        io.err().println(io.verb() + (pin() ? "pinning " : "approving ") + env + " at " + revision);
        io.err().flush();
        JsonNode outcome = backend.sync(env, revision, pin());
        JsonNode changeSet = outcome.path("changeSet");
        JsonNode report = outcome.path("report");
        if (changeSet.isMissingNode() || changeSet.isNull()) { // approved, but a promotion's soak holds it: applied later
            if (io.json()) {
                VerbOutput.json(io.out(), outcome);
            }
            io.err().println(io.verb() + env + ": approved, not applied yet: " + VerbOutput.gate(report.path("gate")));
            return PlumblineCommand.EXIT_DRIFT;
        }
        if (io.json()) {
            VerbOutput.json(io.out(), outcome);
        } else {
            VerbOutput.changeSet(io.out(), changeSet);
        }
        String guard = VerbOutput.text(changeSet, "guard");
        if (guard != null) {
            io.err().println(io.verb() + "stopped: " + guard);
        }
        io.err().println(io.verb() + env + " at " + VerbOutput.shortSha(VerbOutput.text(changeSet, "revision")) + ": "
                + VerbOutput.summary(changeSet.path("summary")) + health(report) + "; " + VerbOutput.gate(report.path("gate")));
        return changeSet.path("failed").asBoolean() || guard != null ? PlumblineCommand.EXIT_ERROR : PlumblineCommand.EXIT_CLEAN;
    }

    private static String health(JsonNode report) {
        String word = VerbOutput.text(report.path("health"), "health");
        return word == null ? "" : ", health " + word;
    }
}
