package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The root command: {@code plumbline <subcommand>}. */
@Command(name = "plumbline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GitOps reconciliation agent for Kubernetes: Git is the source of truth, drift is visible, "
                + "convergence never destroys what it should not.",
        subcommands = {
                RenderCommand.class,
                ValidateCommand.class,
                DiffCommand.class,
                SyncCommand.class,
                ApproveCommand.class,
                RollbackCommand.class,
                ResumeCommand.class,
                HistoryCommand.class,
                StatusCommand.class,
                RolloutCommand.class,
                ServeCommand.class,
                DemoCommand.class,
                CommandLine.HelpCommand.class
        })
public class PlumblineCommand implements Runnable {

    /** Exit codes, as {@code kubectl diff}. */
    public static final int EXIT_CLEAN = 0;
    public static final int EXIT_DRIFT = 1;
    public static final int EXIT_ERROR = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** A configured command line: usage errors and unexpected exceptions exit 2 with a one-line message. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new PlumblineCommand());
        cli.setExitCodeExceptionMapper(e -> EXIT_ERROR);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("plumbline: " + ex.getMessage());
            err.println("Try 'plumbline " + ex.getCommandLine().getCommandName() + " --help'.");
            return EXIT_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("plumbline " + commandLine.getCommandName() + " failed: " + describe(ex));
            return EXIT_ERROR;
        });
        return cli;
    }

    /** Message plus its cause chain, one line: "a: b: c". */
    public static String describe(Throwable ex) {
        StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        Throwable cause = ex.getCause();
        while (cause != null && cause != cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && !sb.toString().contains(m)) {
                sb.append(": ").append(m);
            }
            cause = cause.getCause();
        }
        return sb.toString();
    }
}
