package dev.plumbline.cli;

import dev.plumbline.render.RenderException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every verb ({@code approve}, {@code rollback}, {@code resume}, {@code history}, {@code status}) does around its
 * one request: choose the way to the environments ({@link VerbTarget}: a running agent or the cluster), run, close it,
 * and turn a render failure into its located problems. Other failures reach {@link PlumblineCommand}'s handler
 * ({@code plumbline <verb> failed: ...}, exit 2).
 */
abstract class VerbCommand implements Callable<Integer> {

    @CommandLine.Mixin
    VerbTarget target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the verb writes: results on {@code out} (JSON with {@code -o json}), progress and errors on {@code err}. */
    record Io(PrintWriter out, PrintWriter err, boolean json, String verb) {
    }

    /** Whether the verb reads Git in the cluster-direct mode (then it needs {@code --repo}). */
    boolean needsRepo() {
        return true;
    }

    /** The verb's request and output; its exit code. */
    abstract int run(VerbBackend backend, Io io) throws Exception;

    @Override
    public final Integer call() throws Exception {
        CommandLine cli = spec.commandLine();
        Io io = new Io(cli.getOut(), cli.getErr(), target.json(cli), "plumbline " + cli.getCommandName() + ": ");
        try (VerbBackend backend = target.backend(cli, needsRepo(), io.err())) {
            int code = run(backend, io);
            io.out().flush();
            io.err().flush();
            return code;
        } catch (RenderException e) {
            Problems.print(io.err(), e);
            return PlumblineCommand.EXIT_ERROR;
        }
    }
}
