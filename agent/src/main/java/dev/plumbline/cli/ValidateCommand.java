package dev.plumbline.cli;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code plumbline validate}: renders every environment (or one) with its policy and reports every error and
 * warning found, not just the first. Never touches a cluster. Exit 0 when no environment has an error, else 2.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Render and policy checks of every (or one) environment; no cluster.")
public class ValidateCommand implements Callable<Integer> {

    @CommandLine.Mixin
    RepoOptions repo;

    @Option(names = "--env", description = "only this environment (default: every folder under environments/)")
    String env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RepoOptions.Snapshot snapshot = repo.open(err)) {
            List<String> envs = env != null ? List.of(env) : RenderedEnvironment.environments(snapshot.tree());
            if (envs.isEmpty()) {
                err.println("environments: no environment folders found");
                return PlumblineCommand.EXIT_ERROR;
            }
            int failed = 0;
            for (String e : envs) {
                failed += validate(snapshot, e, out) ? 0 : 1;
            }
            out.printf("%d environment(s) checked at %s, %d with errors%n", envs.size(), RenderCommand.describe(snapshot), failed);
            out.flush();
            return failed == 0 ? PlumblineCommand.EXIT_CLEAN : PlumblineCommand.EXIT_ERROR;
        }
    }

    private static boolean validate(RepoOptions.Snapshot snapshot, String env, PrintWriter out) {
        try {
            RenderedEnvironment rendered = RenderedEnvironment.preview(snapshot.tree(), env);
            List<RenderProblem> warnings = rendered.state().warnings();
            out.printf("%s: ok, %d objects, %d warning(s)%n", env, rendered.state().objects().size(), warnings.size());
            warnings.forEach(w -> out.println("  " + w.location() + ": warning: " + w.message()));
            return true;
        } catch (RenderException e) {
            out.printf("%s: %d error(s)%n", env, e.errors().size());
            e.problems().forEach(p -> out.println("  " + (p.file().isEmpty() ? "" : p.location() + ": ")
                    + (p.severity() == RenderProblem.Severity.WARNING ? "warning: " : "") + p.message()));
            return false;
        }
    }
}
