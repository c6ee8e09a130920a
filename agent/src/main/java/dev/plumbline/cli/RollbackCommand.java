package dev.plumbline.cli;

import picocli.CommandLine.Command;

/**
 * {@code plumbline rollback --env E --revision SHA}: syncs that (earlier) revision and pins the environment there;
 * new commits wait until {@code plumbline resume}. The API's
 * {@code POST /api/v1/environments/{env}/sync {"revision": SHA, "pin": true}}.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Sync an environment to a revision and pin it there until resumed.")
public class RollbackCommand extends RevisionCommand {

    @Override
    boolean pin() {
        return true;
    }
}
