package dev.plumbline.cli;

import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.Snapshot;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.render.RenderException;
import dev.plumbline.sync.ChangeEntry;
import dev.plumbline.sync.SyncListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code plumbline sync}: one sync of one environment from the command line — an explicit sync is an approval of
 * the revision it reads. Progress on stderr (wave k of n, objects applied), the ChangeSet on stdout; exit 0, or 2
 * when any object failed or a guard stopped the sync.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, description = "One sync of one environment.")
public class SyncCommand implements Callable<Integer> {

    @CommandLine.Mixin
    OneEnvironmentOptions target;

    @Option(names = "--dry-run", description = "server dry-run: show the ChangeSet, change nothing")
    boolean dryRun;

    @Option(names = "--prune", negatable = true, description = "prune objects that left Git (default: the policy's sync.prune)")
    Boolean prune;

    @Option(names = "--confirm-prune", description = "allow a prune beyond maxPrunePercent and maxPruneCount")
    boolean confirmPrune;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean json = target.json(spec.commandLine());
        String env = target.env;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OneShotCluster clusterSide = OneShotCluster.start(target.cluster, env, target.repo.location(), true);
             RepoOptions.Snapshot snapshot = target.repo.open(err)) {
            Reconciler reconciler = clusterSide.reconciler(new Snapshot(snapshot.tree(), DiffCommand.info(snapshot)));
            SyncListener progress = SyncListener.lines(line -> {
                err.println("plumbline sync: " + line);
                err.flush();
            });
            SyncOutcome outcome = reconciler.sync(env, new ManualSync(DiffCommand.info(snapshot).sha(), false, prune, dryRun,
                    confirmPrune, progress));
            if (outcome.changeSet() == null) { // approved, but a promotion's soak still holds it: the agent applies it later
                err.println("plumbline sync: " + env + ": approved, not applied yet: " + outcome.report().gate().decision());
                return PlumblineCommand.EXIT_DRIFT;
            }
            if (json) {
                out.println(DiffCommand.json().writeValueAsString(outcome.changeSet()));
            } else {
                for (ChangeEntry e : outcome.changeSet().entries()) {
                    out.println(e);
                }
            }
            out.flush();
            var cs = outcome.changeSet();
            if (cs.guard() != null) {
                err.println("plumbline sync: " + (cs.conflict() != null ? "" : "stopped: ") + cs.guard());
            }
            err.println("plumbline sync: " + env + (dryRun ? " (dry run)" : "") + ": " + cs.summary()
                    + (outcome.report().health() == null ? "" : ", health " + outcome.report().health().health()));
            return cs.failed() || cs.guard() != null ? PlumblineCommand.EXIT_ERROR : PlumblineCommand.EXIT_CLEAN;
        } catch (RenderException e) {
            Problems.print(err, e);
            return PlumblineCommand.EXIT_ERROR;
        }
    }
}
