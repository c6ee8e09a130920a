package dev.plumbline.cli;

import picocli.CommandLine.Command;

/**
 * {@code plumbline approve --env E --revision SHA}: opens the approval gate ({@code sync.auto: false}, or a revision
 * that loosens a gate key) for exactly that revision, which must be the branch head, and syncs it. The API's
 * {@code POST /api/v1/environments/{env}/sync {"revision": SHA}}.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a revision (the branch head) of an environment and sync it.")
public class ApproveCommand extends RevisionCommand {

    @Override
    boolean pin() {
        return false;
    }
}
