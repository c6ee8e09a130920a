package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The root command: {@code plumbline <subcommand>}. */
@Command(name = "plumbline",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "GitOps reconciliation agent for Kubernetes: Git is the source of truth, drift is visible, "
                + "convergence never destroys what it should not.")
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

    /**
     * The subcommands, in the order the usage lists them. Built only when needed: picocli reflects over a command's
     * class and every option of it when it is added, and that (with the classes it loads, Micronaut's for serve and
     * demo) is a tenth of a second of every command's start when done for all twelve.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("render", RenderCommand::new);
        all.put("validate", ValidateCommand::new);
        all.put("diff", DiffCommand::new);
        all.put("sync", SyncCommand::new);
        all.put("approve", ApproveCommand::new);
        all.put("rollback", RollbackCommand::new);
        all.put("resume", ResumeCommand::new);
        all.put("history", HistoryCommand::new);
        all.put("status", StatusCommand::new);
        all.put("rollout", RolloutCommand::new);
        all.put("serve", ServeCommand::new);
        all.put("demo", DemoCommand::new);
        all.put("help", CommandLine.HelpCommand::new);
        return all;
    }

    /** A configured command line with every subcommand: usage errors and unexpected exceptions exit 2 with a one-line message. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * As {@link #commandLine()}, for running {@code arguments}: when their first argument names a subcommand, only that one
     * is built (what it parses and prints is the same); otherwise (no subcommand, {@code --help}, a typo that the
     * error message answers with "did you mean") all of them are.
     */
    public static CommandLine commandLine(String[] arguments) {
        CommandLine cli = new CommandLine(new PlumblineCommand());
        String chosen = arguments.length > 0 && SUBCOMMANDS.containsKey(arguments[0]) && !arguments[0].equals("help") ? arguments[0] : null;
        SUBCOMMANDS.forEach((name, command) -> {
            if (chosen == null || chosen.equals(name)) {
                cli.addSubcommand(name, command.get());
            }
        });
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
