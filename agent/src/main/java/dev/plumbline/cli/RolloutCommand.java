package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code plumbline rollout status|promote|abort --env E [name]}: the environment's rollouts (phase, step, weight,
 * revisions, the last analysis), or promote / abort one now, through a running agent ({@code --server},
 * {@code --token-file}) or the cluster directly. {@code status} needs no {@code --repo} (the state lives in the state
 * namespace); promote and abort sync, so the cluster-direct way needs it. Exit 0, or 2 on an error (no such rollout,
 * one not in charge).
 */
@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = "Show, promote or abort the rollouts (canary) of an environment.")
public class RolloutCommand extends VerbCommand {

    enum Action { status, promote, abort }

    @Parameters(index = "0", description = "status, promote or abort")
    Action action;

    @Parameters(index = "1", arity = "0..1", description = "the rollout (its Deployment's name); required to promote or abort")
    String name;

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Override
    boolean needsRepo() {
        return action != Action.status;
    }

    @Override
    int run(VerbBackend backend, Io io) {
        if (action == Action.status) {
            JsonNode all = backend.rollouts(env);
            JsonNode shown = name == null ? all : filter(all);
            if (io.json()) {
                VerbOutput.json(io.out(), shown);
            } else if (shown.isEmpty()) {
                io.err().println(io.verb() + env + ": " + (name == null ? "no rollout recorded" : "no rollout " + name + " recorded"));
            } else {
                shown.forEach(r -> io.out().println(line(r)));
            }
            return name != null && shown.isEmpty() ? PlumblineCommand.EXIT_ERROR : PlumblineCommand.EXIT_CLEAN;
        }
        if (name == null) {
            io.err().println(io.verb() + action + " needs the rollout's name");
            return PlumblineCommand.EXIT_ERROR;
        }
        JsonNode decided = backend.decideRollout(env, name, action == Action.promote);
        if (io.json()) {
            VerbOutput.json(io.out(), decided);
        } else {
            io.out().println(line(decided.path("rollout")));
        }
        return PlumblineCommand.EXIT_CLEAN;
    }

    private JsonNode filter(JsonNode all) {
        var out = DiffCommand.json().createArrayNode();
        all.forEach(r -> {
            if (name.equals(r.path("name").asText())) {
                out.add(r);
            }
        });
        return out;
    }

    /** {@code web  canary  Progressing  step 1 (50%)  stable 0f3e1a2 → canary 1a2b3c4  step 1 of 2 (50%): …}. */
    static String line(JsonNode r) {
        return String.join("  ", text(r, "name"), text(r, "strategy"), text(r, "phase"),
                "step " + r.path("step").asInt() + " (" + r.path("weight").asInt() + "%)",
                "stable " + VerbOutput.shortSha(r.path("stableRevision").asText("")) + " → canary "
                        + VerbOutput.shortSha(r.path("canaryRevision").asText("")),
                text(r, "message"));
    }

    private static String text(JsonNode r, String field) {
        return java.util.Objects.toString(VerbOutput.text(r, field), "-");
    }
}
