package dev.plumbline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.diff.Verdict;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.RevisionInfo;
import dev.plumbline.reconcile.Snapshot;
import dev.plumbline.resource.ResourceKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code plumbline diff}: desired vs live of one environment. Text is a unified diff per drifted object, like
 * {@code kubectl diff}, under a header naming the verdict and who changed it; JSON is the drift report. Exit 0 when
 * every object is InSync, 1 on any other verdict (Orphaned included), 2 on an error.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Desired vs live drift of one environment.")
public class DiffCommand implements Callable<Integer> {

    @CommandLine.Mixin
    OneEnvironmentOptions target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        boolean json = target.json(spec.commandLine());
        String env = target.env;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OneShotCluster clusterSide = OneShotCluster.start(target.cluster, env, target.repo.location(), false);
             RepoOptions.Snapshot snapshot = target.repo.open(err)) {
            Reconciler reconciler = clusterSide.reconciler(new Snapshot(snapshot.tree(), info(snapshot)));
            Map<ResourceKey, DiffResult> textual = new HashMap<>();
            EnvironmentReport report = reconciler.check(env, null, textual);
            if (json) {
                out.println(json().writeValueAsString(report));
            } else {
                printText(report, textual, out);
            }
            out.flush();
            if (report.error() != null) {
                err.println("plumbline diff: " + env + " failed: " + report.error());
                report.problems().forEach(err::println);
                return PlumblineCommand.EXIT_ERROR;
            }
            err.println("plumbline diff: " + env + " at " + report.revision().shortSha() + ": " + counts(report));
            return report.drifted() ? PlumblineCommand.EXIT_DRIFT : PlumblineCommand.EXIT_CLEAN;
        }
    }

    static RevisionInfo info(RepoOptions.Snapshot s) {
        return s.revision() == null ? RevisionInfo.worktree() : RevisionInfo.of(s.revision());
    }

    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
    }

    static String counts(EnvironmentReport report) {
        return report.counts().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    private static void printText(EnvironmentReport report, Map<ResourceKey, DiffResult> textual, PrintWriter out) {
        for (DriftEntry e : report.entries()) {
            if (e.status() == Verdict.InSync) {
                continue;
            }
            out.println("# " + e.key() + ": " + e.status() + header(e));
            DiffResult result = textual.get(e.key());
            String text = result == null ? "" : UnifiedDiff.of(result);
            if (!text.isEmpty()) {
                out.print(text);
            }
        }
    }

    private static String header(DriftEntry e) {
        StringBuilder sb = new StringBuilder();
        String who = e.changedBy().stream().filter(ChangedBy::known)
                .map(c -> c.manager() + (c.time() == null ? "" : " at " + c.time())).distinct().collect(Collectors.joining(", "));
        if (!who.isEmpty()) {
            sb.append(" (changed by ").append(who).append(')');
        }
        if (e.message() != null && !e.message().isBlank()) {
            sb.append(" — ").append(e.message());
        }
        return sb.toString();
    }
}
