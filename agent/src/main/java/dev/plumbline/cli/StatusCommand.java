package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plumbline status [--env E]}: every environment (or one) with its sync status, health, revision and what its
 * gate waits for. Through an agent it is the agent's last report; directly it is what a cycle would report now
 * (the gate's target diffed, nothing applied). Exit codes as {@code kubectl diff}: 0 when every environment is Synced,
 * Healthy (or has nothing to assess) and waits for nothing; 1 when one differs or waits (OutOfSync, Conflict, Unknown,
 * a pending revision, health other than Healthy); 2 when one's last check failed or the command did.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Sync status, health and gate of every environment.")
public class StatusCommand extends VerbCommand {

    @Option(names = "--env", description = "only this environment")
    String env;

    @Override
    int run(VerbBackend backend, Io io) {
        JsonNode reports = backend.status(env);
        if (io.json()) {
            VerbOutput.json(io.out(), reports);
        } else {
            VerbOutput.status(io.out(), reports);
        }
        int code = PlumblineCommand.EXIT_CLEAN;
        for (JsonNode r : reports) {
            code = Math.max(code, exitCode(r));
        }
        return code;
    }

    /** 2: the last check failed; 1: differs or waits; 0: clean. */
    static int exitCode(JsonNode report) {
        String status = report.path("status").asText();
        if (report.path("stale").asBoolean() || (VerbOutput.text(report, "error") != null && !status.equals("Conflict"))) {
            return PlumblineCommand.EXIT_ERROR;
        }
        String health = VerbOutput.text(report.path("health"), "health");
        boolean waits = VerbOutput.text(report.path("gate"), "pending") != null;
        boolean clean = status.equals("Synced") && !waits && (health == null || health.equals("Healthy"));
        return clean ? PlumblineCommand.EXIT_CLEAN : PlumblineCommand.EXIT_DRIFT;
    }
}
