package dev.plumbline.cli;

import dev.plumbline.live.ClusterConnection;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.ReconcilerOptions;
import dev.plumbline.reconcile.RevisionSource;
import dev.plumbline.reconcile.Snapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The cluster side of a one-shot command ({@code diff}, {@code sync}), made ready on a background thread while the
 * command reads Git and renders. Reading the kubeconfig, building the clients (Jackson, TLS) and reading the
 * environment's inventory cost about as much as opening the repository and rendering, and neither needs the other,
 * so on two cores they overlap instead of adding up.
 *
 * <p>What the user sees does not change: a Git error is reported first (the cluster side is then dropped unseen),
 * a kubeconfig error next, exactly as thrown; the inventory read ahead is only a head start (see
 * {@link Reconciler#prepare}), so a failure there is read again and reported by the check itself.
 */
final class OneShotCluster implements AutoCloseable {

    private final CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
    private final CompletableFuture<Reconciler> reconciler;

    private OneShotCluster(ClusterOptions cluster, String environment, String location, ReconcilerOptions options) {
        RevisionSource source = new RevisionSource() {
            @Override
            public String location() {
                return location;
            }

            @Override
            public Snapshot latest() {
                return snapshot.join();
            }

            @Override
            public Snapshot at(String revision) {
                return snapshot.join();
            }
        };
        this.reconciler = CompletableFuture.supplyAsync(() -> connect(cluster, environment, source, options), r -> {
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
        return new OneShotCluster(cluster, environment, location, ReconcilerOptions.defaults()
                .withStateNamespace(cluster.stateNamespace).withWatch(watch).withInstance(cluster.instance)
                .withLimits(java.util.Map.of(environment, cluster.limits())));
    }

    /**
     * The reconciler, reading {@code snapshot} as its only revision, once the cluster side is ready.
     *
     * @throws RuntimeException what connecting threw (e.g. an unreadable kubeconfig), unwrapped
     */
    Reconciler reconciler(Snapshot snapshot) {
        this.snapshot.complete(snapshot);
        try {
            return reconciler.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static Reconciler connect(ClusterOptions cluster, String environment, RevisionSource source,
                                      ReconcilerOptions options) {
        ClusterConnection connection = ClusterConnection.connect(cluster.kubeconfig);
        try {
            Reconciler reconciler = new Reconciler(connection, source, options, null);
            reconciler.prepare(environment);
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
