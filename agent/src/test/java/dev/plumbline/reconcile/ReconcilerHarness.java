package dev.plumbline.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.plumbline.live.ClusterConnection;
import dev.plumbline.source.GitSource;
import dev.plumbline.source.GitSourceOptions;
import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension that gives a test a {@link Reconciler} in one line: a Git repository of its own ({@link #repo}),
 * the test's namespace as environment ({@link #env}) and Reconcilers, each on a connection and Git source of its own
 * (so its API calls are counted alone), state in the test's state namespace; everything it opened is closed after
 * the test. It builds on {@link KubernetesExtension}, which must be registered on the class:
 *
 * <pre>{@code
 * @ExtendWith(KubernetesExtension.class)
 * class MyIT {
 *     @RegisterExtension
 *     final ReconcilerHarness it = new ReconcilerHarness();
 *
 *     @Test
 *     void converges() {
 *         it.repo.write("environments/" + it.env + "/app.yaml", manifests).commit("first");
 *         assertThat(it.start().cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
 *     }
 * }
 * }</pre>
 */
public final class ReconcilerHarness implements BeforeEachCallback, AfterEachCallback {

    /** Set before each test. */
    public TestCluster cluster;
    public String env;
    /** The test's own directory (deleted after it), holding {@link #repo} and the Git caches. */
    public Path tmp;
    /** A working Git repository, {@code tmp/repo}, that Reconcilers follow unless told another URL. */
    public GitRepoFixture repo;

    private final Deque<AutoCloseable> closing = new ArrayDeque<>();
    private final Map<Reconciler, Opened> opened = new IdentityHashMap<>();
    private Opened last;

    /** What one Reconciler is made of; {@link #connection()} and {@link #git()} answer for the last one opened. */
    private record Opened(ClusterConnection connection, GitSource git, Reconciler reconciler) {
    }

    /**
     * How to wire one Reconciler: Git {@code url} (null: {@link #repo}), cluster {@code config} (null: the test's
     * kubeconfig as admin), Git source and Reconciler options on top of the defaults the harness sets (cache dir,
     * state namespace).
     */
    public record Wiring(String url, Config config, UnaryOperator<GitSourceOptions> git,
                         UnaryOperator<ReconcilerOptions> options) {

        public static Wiring defaults() {
            return new Wiring(null, null, UnaryOperator.identity(), UnaryOperator.identity());
        }

        public Wiring withUrl(String url) {
            return new Wiring(url, config, git, options);
        }

        public Wiring withConfig(Config config) {
            return new Wiring(url, config, git, options);
        }

        public Wiring withGit(UnaryOperator<GitSourceOptions> git) {
            return new Wiring(url, config, git, options);
        }

        public Wiring withOptions(UnaryOperator<ReconcilerOptions> options) {
            return new Wiring(url, config, git, options);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        cluster = KubernetesExtension.cluster(context);
        env = cluster.namespace();
        tmp = Files.createTempDirectory("plumbline-it-");
        repo = new GitRepoFixture(tmp.resolve("repo"));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            while (!closing.isEmpty()) {
                closing.pop().close();
            }
            if (repo != null) {
                repo.close();
            }
        } finally {
            delete(tmp);
        }
    }

    /** The text of {@code src/test/resources/reconcile/<name>.yaml}: manifests the reconcile ITs commit. */
    public static String yaml(String name) {
        return YamlFixtures.text("reconcile/" + name + ".yaml");
    }

    /** A Reconciler following {@link #repo}. */
    public Reconciler start() {
        return open(Wiring.defaults());
    }

    /** The same, with {@code options} adjusting the Reconciler's options. */
    public Reconciler start(UnaryOperator<ReconcilerOptions> options) {
        return open(Wiring.defaults().withOptions(options));
    }

    /** A Reconciler following the Git repository at {@code url}. */
    public Reconciler start(String url) {
        return open(Wiring.defaults().withUrl(url));
    }

    /** A Reconciler wired as {@code wiring} says, on a new connection and Git source (cache {@code tmp/cache-<n>}). */
    public Reconciler open(Wiring wiring) {
        ClusterConnection connection = wiring.config() == null ? ClusterConnection.connect(cluster.kubeconfigPath())
                : ClusterConnection.connect(wiring.config());
        closing.push(connection);
        // the first Reconciler's cache is tmp/cache, as the tests had it; later ones get their own
        String cache = opened.isEmpty() ? "cache" : "cache-" + opened.size();
        GitSource git = new GitSource(wiring.git().apply(GitSourceOptions.defaults()
                .withUrl(wiring.url() == null ? repo.dir().toString() : wiring.url()).withCacheDir(tmp.resolve(cache))));
        closing.push(git);
        Reconciler reconciler = new Reconciler(connection, new GitRevisionSource(git),
                wiring.options().apply(ReconcilerOptions.defaults().withStateNamespace(cluster.stateNamespace())), null);
        closing.push(reconciler);
        last = new Opened(connection, git, reconciler);
        opened.put(reconciler, last);
        return reconciler;
    }

    /** Closes {@code reconciler}, its Git source and its connection now (an agent that stops or restarts). */
    public void stop(Reconciler reconciler) {
        Opened o = opened.get(reconciler);
        if (o == null) {
            throw new IllegalArgumentException("Reconciler stop failed: not opened by this harness");
        }
        for (AutoCloseable c : List.of(o.reconciler(), o.git(), o.connection())) {
            closing.remove(c);
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(c + " close failed: " + e.getMessage(), e);
            }
        }
    }

    /** Closed after the test, before what the harness opened (last registered, first closed). */
    public void closeLater(AutoCloseable c) {
        closing.push(c);
    }

    /** The connection of the last Reconciler opened (its API calls are counted on it). */
    public ClusterConnection connection() {
        return last.connection();
    }

    /** The Git source of the last Reconciler opened. */
    public GitSource git() {
        return last.git();
    }

    private static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
