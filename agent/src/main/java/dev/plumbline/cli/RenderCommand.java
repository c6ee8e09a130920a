package dev.plumbline.cli;

import picocli.CommandLine.Command;

/** {@code plumbline render}: rendered YAML of one environment on stdout. */
@Command(name = "render", mixinStandardHelpOptions = true, description = "Rendered YAML of one environment on stdout.")
public class RenderCommand extends NotYetBuilt {
    @Override
    String tracking() {
        return "issue 3, Git source and rendering";
    }
}
