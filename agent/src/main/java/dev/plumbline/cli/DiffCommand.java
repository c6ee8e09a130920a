package dev.plumbline.cli;

import picocli.CommandLine.Command;

/** {@code plumbline diff}: desired vs live drift of one environment. */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Desired vs live drift of one environment.")
public class DiffCommand extends NotYetBuilt {
    @Override
    String tracking() {
        return "issue 4, live state and diff";
    }
}
