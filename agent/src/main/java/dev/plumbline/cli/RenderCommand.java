package dev.plumbline.cli;

import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredState;
import dev.plumbline.render.RenderException;
import dev.plumbline.render.Tracking;
import dev.plumbline.render.YamlWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code plumbline render}: the desired objects of one environment as YAML on stdout, as Kustomize prints them. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Rendered YAML of one environment on stdout; never touches a cluster.")
public class RenderCommand implements Callable<Integer> {

    @CommandLine.Mixin
    RepoOptions repo;

    @Option(names = "--env", required = true, description = "environment folder under environments/")
    String env;

    @Option(names = "--with-tracking", description = "add Plumbline's labels and source annotation, as applied to the cluster")
    boolean withTracking;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RepoOptions.Snapshot snapshot = repo.open(err)) {
            DesiredState state = RenderedEnvironment.preview(snapshot.tree(), env).state();
            state.warnings().forEach(w -> err.println(w.location() + ": warning: " + w.message()));
            out.print(new YamlWriter().write(withTracking ? Tracking.stamp(state) : state));
            out.flush();
            err.printf("plumbline render: %s at %s: %d objects%n", env, describe(snapshot), state.objects().size());
            return PlumblineCommand.EXIT_CLEAN;
        } catch (RenderException e) {
            Problems.print(err, e);
            return PlumblineCommand.EXIT_ERROR;
        }
    }

    static String describe(RepoOptions.Snapshot snapshot) {
        return snapshot.revision() == null ? "worktree"
                : snapshot.revision().shortSha() + " (" + snapshot.revision().subject() + ")";
    }
}
