package dev.plumbline.live;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

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
 * forget it. Both clients share one HTTP client underneath (and so TLS set-up and connections); closing the connection
 * closes it.
 */
public final class ClusterConnection implements AutoCloseable {

    private final Config config;
    private final ApiCallCounter reconcileCalls;
    private final ApiCallCounter watchCalls;
    private final KubernetesClient reconcileClient;
    private final KubernetesClient watchClient;

    private ClusterConnection(Config config) {
        this(config, new ApiCallCounter("reconcile"), new ApiCallCounter("watch"));
    }

    private ClusterConnection(Config config, ApiCallCounter reconcileCalls, ApiCallCounter watchCalls) {
        this.config = config;
        this.reconcileCalls = reconcileCalls;
        this.watchCalls = watchCalls;
        // One Jackson set-up and one HTTP client (one TLS context, one connection pool: with HTTP/2 one connection)
        // serve both: building a second costs a one-shot command more than its discovery requests. Only the counting
        // interceptor differs.
        KubernetesSerialization serialization = new KubernetesSerialization();
        this.reconcileClient = countedClient(config, serialization, null, reconcileCalls);
        this.watchClient = countedClient(config, serialization, reconcileClient.getHttpClient(), watchCalls);
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
            return new ClusterConnection(KubeconfigFile.load(kubeconfig.toFile()));
        } catch (RuntimeException e) {
            throw new LiveException("kubeconfig " + kubeconfig + " read failed: " + e.getMessage(), e);
        }
    }

    /** A client counting in {@code counter}; on {@code shared}'s HTTP client (and its token refresh) when given. */
    private static KubernetesClient countedClient(Config config, KubernetesSerialization serialization, HttpClient shared,
                                                  ApiCallCounter counter) {
        // Each client gets its own copy: Fabric8 may update a Config in place (token refresh).
        KubernetesClientBuilder builder = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(config).build())
                .withKubernetesSerialization(serialization)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(CountingInterceptor.NAME,
                        new CountingInterceptor(counter)).addOrReplaceInterceptor(RetryAfterInterceptor.NAME,
                        new RetryAfterInterceptor()));
        // A derived builder keeps the shared client's settings and interceptors and reuses its java.net.http client.
        if (shared != null && shared.newBuilder() instanceof HttpClient.Builder) {
            builder.withHttpClientFactory(new HttpClient.Factory() {
                @Override
                public HttpClient.Builder newBuilder(Config ignored) {
                    return newBuilder();
                }

                @Override
                public HttpClient.Builder newBuilder() {
                    return (HttpClient.Builder) shared.newBuilder();
                }
            });
        }
        return builder.build();
    }

    /**
     * A connection to the same cluster, with the same credentials, whose every request impersonates {@code user} in
     * {@code groups} (the API server then authorizes it as that user, and this connection's identity needs the
     * {@code impersonate} verb). Its calls count in this connection's counters: they are the same agent's calls.
     * It has its own HTTP client, so closing it leaves this connection working; close it before this one.
     */
    public ClusterConnection impersonating(String user, java.util.List<String> groups) {
        Config as = new ConfigBuilder(config).withImpersonateUsername(user)
                .withImpersonateGroups(groups.toArray(String[]::new)).build();
        return new ClusterConnection(as, reconcileCalls, watchCalls);
    }

    /** The user every request impersonates, {@code null}: this connection's own identity. */
    public String impersonatedUser() {
        return config.getImpersonateUsername();
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
