package dev.plumbline.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cluster, reached through two Fabric8 clients that share a configuration but not their counters:
 * <ul>
 *   <li>the <b>reconcile client</b>: every request the reconcile path makes (get, dry-run apply, apply, delete, ...),
 *       counted in {@link #reconcileCalls()} — a steady-state cycle must leave this counter unchanged;</li>
 *   <li>the <b>watch client</b>: informers' list/watch and cached discovery, counted in {@link #watchCalls()}. These
 *       are the background cost of keeping the cache current, not reconcile calls (DESIGN: "Diff: exact and cheap").</li>
 * </ul>
 * Counting happens in a Fabric8 HTTP {@link io.fabric8.kubernetes.client.http.Interceptor}, so a call site cannot
 * forget it.
 */
public final class ClusterConnection implements AutoCloseable {

    private final Config config;
    private final ApiCallCounter reconcileCalls = new ApiCallCounter("reconcile");
    private final ApiCallCounter watchCalls = new ApiCallCounter("watch");
    private final KubernetesClient reconcileClient;
    private final KubernetesClient watchClient;

    private ClusterConnection(Config config) {
        this.config = config;
        this.reconcileClient = countedClient(config, reconcileCalls);
        this.watchClient = countedClient(config, watchCalls);
    }

    /** A connection using {@code config} as given. */
    public static ClusterConnection connect(Config config) {
        return new ClusterConnection(config);
    }

    /**
     * A connection from a kubeconfig file (its current context), or, when {@code kubeconfig} is null, the usual chain:
     * {@code $KUBECONFIG}, then {@code ~/.kube/config}, then the in-cluster service account.
     */
    public static ClusterConnection connect(Path kubeconfig) {
        if (kubeconfig == null) {
            return new ClusterConnection(Config.autoConfigure(null));
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new LiveException("kubeconfig " + kubeconfig + " read failed: not a readable file");
        }
        try {
            return new ClusterConnection(Config.fromKubeconfig(kubeconfig.toFile()));
        } catch (RuntimeException e) {
            throw new LiveException("kubeconfig " + kubeconfig + " read failed: " + e.getMessage(), e);
        }
    }

    private static KubernetesClient countedClient(Config config, ApiCallCounter counter) {
        // Each client gets its own copy: Fabric8 may update a Config in place (token refresh).
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(config).build())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(CountingInterceptor.NAME,
                        new CountingInterceptor(counter)))
                .build();
    }

    /** The client for the reconcile path; its requests are counted in {@link #reconcileCalls()}. */
    public KubernetesClient reconcileClient() {
        return reconcileClient;
    }

    /** The client for informers and discovery; its requests are counted in {@link #watchCalls()}. */
    public KubernetesClient watchClient() {
        return watchClient;
    }

    public ApiCallCounter reconcileCalls() {
        return reconcileCalls;
    }

    public ApiCallCounter watchCalls() {
        return watchCalls;
    }

    public Config config() {
        return config;
    }

    /** The API server's URL, for log lines and errors. */
    public String server() {
        return config.getMasterUrl();
    }

    @Override
    public void close() {
        watchClient.close();
        reconcileClient.close();
    }
}
