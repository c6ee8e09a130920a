package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.reconcile.GitRevisionSource;
import dev.plumbline.reconcile.ManualSync;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcileException;
import dev.plumbline.reconcile.RevisionSource;
import dev.plumbline.reconcile.Snapshot;
import dev.plumbline.reconcile.SyncOutcome;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.sync.SyncListener;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The verbs against the cluster directly, as {@code sync} does: the repository at {@code --repo} (read at its
 * branch head; an approved or pinned revision is resolved in it), the cluster at {@code --kubeconfig}, the state in
 * {@code --state-namespace}; through the {@link Reconciler}'s own methods, so the approval gate, the pin and the
 * history are the ones the agent keeps. A pin left here is the agent's pin too.
 */
final class ClusterBackend implements VerbBackend {

    private static final ObjectMapper JSON = DiffCommand.json();

    private final VerbTarget target;
    private final PrintWriter progress;
    private final List<AutoCloseable> opened = new ArrayList<>();

    ClusterBackend(VerbTarget target, PrintWriter progress) {
        this.target = target;
        this.progress = progress;
    }

    @Override
    public JsonNode sync(String environment, String revision, boolean pin) {
        Reconciler reconciler = reconciler(List.of(environment), true).reconciler();
        SyncListener lines = SyncListener.lines(line -> {
            progress.println("plumbline: " + line);
            progress.flush();
        });
        SyncOutcome outcome = reconciler.sync(environment, new ManualSync(revision, pin, null, false, false, lines));
        return JSON.valueToTree(outcome);
    }

    /** Deletes the pin, then runs one cycle as the agent does after {@code DELETE .../pin}: the gate decides. */
    @Override
    public JsonNode unpin(String environment) {
        Reconciler reconciler = reconciler(List.of(environment), true).reconciler();
        JsonNode control = JSON.valueToTree(reconciler.unpin(environment));
        EnvironmentReport after = reconciler.cycle(environment, Trigger.MANUAL);
        if (after.error() != null) {
            throw new ReconcileException(environment + " cycle after the unpin failed: " + after.error());
        }
        EnvironmentReport.Gate gate = after.gate();
        progress.println("plumbline: " + environment + " at " + after.revision().shortSha() + ": " + after.status()
                + (gate == null ? "" : ", " + gate.decision()));
        progress.flush();
        return control;
    }

    @Override
    public JsonNode history(String environment) {
        return JSON.valueToTree(reconciler(List.of(environment), false).reconciler().history(environment));
    }

    @Override
    public JsonNode status(String environment) {
        Ready ready = reconciler(environment == null ? null : List.of(environment), false);
        ArrayNode out = JSON.createArrayNode();
        for (String env : ready.environments()) {
            progress.println("plumbline: checking " + env);
            progress.flush();
            List<SyncRecord> history = ready.reconciler().history(env);
            EnvironmentReport report = ready.reconciler().status(env).withLastSync(history.isEmpty() ? null : history.get(0));
            out.add(JSON.valueToTree(report.summary()));
        }
        return out;
    }

    @Override
    public JsonNode rollouts(String environment) {
        return JSON.valueToTree(reconciler(List.of(environment), false).reconciler().rolloutControl().list(environment));
    }

    @Override
    public JsonNode decideRollout(String environment, String name, boolean promote) {
        Reconciler reconciler = reconciler(List.of(environment), true).reconciler();
        SyncOutcome outcome = reconciler.rolloutControl().decide(environment, name, promote);
        var after = reconciler.rolloutControl().list(environment).stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        return JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("rollout", JSON.valueToTree(after))
                .set("sync", JSON.valueToTree(outcome));
    }

    private record Ready(Reconciler reconciler, List<String> environments) {
    }

    /**
     * A reconciler for {@code environments} ({@code null}: every folder under {@code environments/} of the repository),
     * the cluster side prepared while Git is read, as {@code diff} does. Without {@code --repo} (history) no Git is read.
     */
    private Ready reconciler(List<String> environments, boolean watch) {
        if (target.repo() == null) {
            OneShotCluster cluster = OneShotCluster.start(target.cluster, environments, null, watch);
            opened.add(cluster);
            return new Ready(cluster.reconciler(NO_GIT), environments);
        }
        RepoAccess.Snapshot snapshot = target.open(progress);
        opened.add(snapshot);
        List<String> envs = environments != null ? environments : RenderedEnvironment.environments(snapshot.tree());
        if (envs.isEmpty()) {
            throw new ReconcileException("environments: no environment folders found in " + target.location());
        }
        OneShotCluster cluster = OneShotCluster.start(target.cluster, envs, target.location(), watch);
        opened.add(0, cluster);
        return new Ready(cluster.reconciler(headAnd(snapshot)), envs);
    }

    /** The head read once (what the command shows is one revision), other revisions resolved in the same source. */
    private static RevisionSource headAnd(RepoAccess.Snapshot snapshot) {
        GitRevisionSource git = new GitRevisionSource(snapshot.source());
        Snapshot head = new Snapshot(snapshot.tree(), DiffCommand.info(snapshot));
        return new RevisionSource() {
            @Override
            public Snapshot latest() {
                return head;
            }

            @Override
            public Snapshot at(String revision) {
                return git.at(revision);
            }
        };
    }

    private static final RevisionSource NO_GIT = new RevisionSource() {
        @Override
        public Snapshot latest() {
            throw new IllegalStateException("history reads no Git revision");
        }

        @Override
        public Snapshot at(String revision) {
            throw new IllegalStateException("history reads no Git revision");
        }
    };

    @Override
    public void close() {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception e) {
                progress.println("plumbline: closing " + c + " failed: " + e.getMessage());
            }
        }
    }
}
