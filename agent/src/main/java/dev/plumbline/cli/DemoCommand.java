package dev.plumbline.cli;

import picocli.CommandLine.Command;

/** {@code plumbline demo}: local control plane + agent on this repository. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Local control plane + agent on this repository.")
public class DemoCommand extends NotYetBuilt {
    @Override
    String tracking() {
        return "issue 6, the running agent";
    }
}
