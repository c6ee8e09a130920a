package dev.plumbline.cli;

import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.reconcile.RevisionSource;
import dev.plumbline.reconcile.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The cluster side of a one-shot command ({@code diff}, {@code sync}, the verbs without {@code --server}), made ready on a background thread while the
 * command reads Git and renders. Reading the kubeconfig, building the clients (Jackson, TLS) and reading the
 * environment's inventory cost about as much as opening the repository and rendering, and neither needs the other,
 * so on two cores they overlap instead of adding up.
 *
 * <p>What the user sees does not change: a Git error is reported first (the cluster side is then dropped unseen),
 * a kubeconfig error next, exactly as thrown; the inventory read ahead is only a head start (see
 * {@link Reconciler#prepare}), so a failure there is read again and reported by the check itself.
 */
final class OneShotCluster implements AutoCloseable {

    private final CompletableFuture<RevisionSource> revisions = new CompletableFuture<>();
    private final CompletableFuture<Reconciler> reconciler;

    private OneShotCluster(ClusterOptions cluster, List<String> environments, String location, ReconcilerOptions options) {
        RevisionSource source = new RevisionSource() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public Snapshot latest() {
                return revisions.join().latest();
            }

            @Override
            public Snapshot at(String revision) {
                return revisions.join().at(revision);
            }
        };
        this.reconciler = CompletableFuture.supplyAsync(() -> connect(cluster, environments, source, options), r -> {
            Thread t = new Thread(r, "plumbline-cluster");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Starts connecting to the cluster of {@code cluster} and reading {@code environment}'s inventory; {@code watch}
     * false when the command only checks (its live state is listed once, not watched). {@code location} is the
     * repository the command reads, which (with {@code --instance}) must own the environment.
     */
    static OneShotCluster start(ClusterOptions cluster, String environment, String location, boolean watch) {
        return start(cluster, List.of(environment), location, watch);
    }

    /** As {@link #start(ClusterOptions, String, String, boolean)}, for several environments (same operator limits). */
    static OneShotCluster start(ClusterOptions cluster, List<String> environments, String location, boolean watch) {
        Map<String, dev.plumbline.config.EnvironmentLimits> limits = new LinkedHashMap<>();
        environments.forEach(env -> limits.put(env, cluster.limits()));
        return new OneShotCluster(cluster, environments, location, ReconcilerOptions.defaults()
                .withStateNamespace(cluster.stateNamespace).withWatch(watch).withInstance(cluster.instance)
                .withLimits(limits));
    }

    /**
     * The reconciler, reading {@code snapshot} as its only revision, once the cluster side is ready.
     *
     * @throws RuntimeException what connecting threw (e.g. an unreadable kubeconfig), unwrapped
     */
    Reconciler reconciler(Snapshot snapshot) {
        return reconciler(RevisionSource.fixed(snapshot));
    }

    /**
     * The reconciler, reading revisions from {@code source} (a verb that approves or pins a revision other than the
     * head it read), once the cluster side is ready.
     */
    Reconciler reconciler(RevisionSource source) {
        this.revisions.complete(source);
        try {
            return reconciler.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static Reconciler connect(ClusterOptions cluster, List<String> environments, RevisionSource source,
                                      ReconcilerOptions options) {
        ClusterConnection connection = ClusterConnection.connect(cluster.kubeconfig);
        try {
            Reconciler reconciler = new Reconciler(connection, source, options, null);
            environments.forEach(reconciler::prepare);
            return reconciler;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Closes the reconciler and its connection; when the command ended before it needed them (a Git error), the
     * background thread closes them as it finishes instead of making the error wait for the cluster.
     */
    @Override
    public void close() {
        reconciler.thenAccept(r -> {
            try (ClusterConnection connection = r.cluster()) {
                r.close();
            }
        });
    }
}
