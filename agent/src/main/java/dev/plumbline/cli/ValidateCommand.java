package dev.plumbline.cli;

import picocli.CommandLine.Command;

/** {@code plumbline validate}: render (and policy) checks of every environment, no cluster. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Render (and policy) checks of every environment, no cluster.")
public class ValidateCommand extends NotYetBuilt {
    @Override
    String tracking() {
        return "issue 3, Git source and rendering";
    }
}
