package dev.plumbline.cli;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/** Base for subcommands whose issue has not landed yet: they say so and exit 2, never pretend. */
@CommandLine.Command
abstract class NotYetBuilt implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    abstract String tracking();

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("plumbline " + spec.name() + ": not built yet (" + tracking() + ")");
        return PlumblineCommand.EXIT_ERROR;
    }
}
