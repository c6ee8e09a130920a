package dev.plumbline.reconcile;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import dev.plumbline.live.ClusterConnection;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Reconciler ITs share: the test's Git repository, a connection of its own (so its API calls are counted
 * alone), and a {@link Reconciler} following that repository into the test's state namespace, all closed after each
 * test. Subclasses add their own {@code @BeforeEach}, which runs after this one.
 */
abstract class ReconcilerFixture {

    @TempDir
    Path tmp;

    TestCluster cluster;
    String env;
    GitRepoFixture repo;
    ClusterConnection connection;
    GitSource git;
    Reconciler reconciler;

    @BeforeEach
    void openFixture(TestCluster testCluster) {
        this.cluster = testCluster;
        this.env = testCluster.namespace();
        repo = new GitRepoFixture(tmp.resolve("repo"));
        connection = ClusterConnection.connect(testCluster.kubeconfigPath());
    }

    @AfterEach
    void closeFixture() {
        if (reconciler != null) {
            reconciler.close();
            git.close();
        }
        connection.close();
        repo.close();
    }

    /** A Reconciler following the test repository, state in the test's state namespace. */
    Reconciler startReconciler() {
        return startReconciler(UnaryOperator.identity());
    }

    /** The same, with {@code options} adjusting the reconciler's options. */
    Reconciler startReconciler(UnaryOperator<ReconcilerOptions> options) {
        git = new GitSource(GitSourceOptions.defaults().withUrl(repo.dir().toString()).withCacheDir(tmp.resolve("cache")));
        reconciler = new Reconciler(connection, new GitRevisionSource(git),
                options.apply(ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace())), null);
        return reconciler;
    }
}
