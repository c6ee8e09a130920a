package dev.plumbline.cli;

import picocli.CommandLine.Command;

/** {@code plumbline sync}: one sync of one environment. */
@Command(name = "sync", mixinStandardHelpOptions = true, description = "One sync of one environment.")
public class SyncCommand extends NotYetBuilt {
    @Override
    String tracking() {
        return "issue 5, convergence";
    }
}
