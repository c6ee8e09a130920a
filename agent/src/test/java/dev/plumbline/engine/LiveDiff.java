package dev.plumbline.engine;

import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import org.yaml.snakeyaml.Yaml;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IT support: a {@link Differ} (the engine's diff verb) on a reconcile client of its own whose requests are counted, manifests applied
 * as {@code plumbline}, and real {@code kubectl} edits against the test API server.
 */
final class LiveDiff implements AutoCloseable {

    static final String ENV = "production";

    final TestCluster cluster;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger dryRuns = new AtomicInteger();
    final KubernetesClient reconcileClient;
    final Differ engine;

    LiveDiff(TestCluster cluster) throws IOException {
        this.cluster = cluster;
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfigPath()));
        this.reconcileClient = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
                    @Override
                    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                        requests.incrementAndGet();
                        if (String.valueOf(request.uri().getQuery()).contains("dryRun=All")) {
                            dryRuns.incrementAndGet();
                        }
                    }
                })).build();
        this.engine = new Differ(reconcileClient, DiffOptions.defaults());
    }

    @Override
    public void close() {
        reconcileClient.close();
    }

    /** A manifest with {@code NS} replaced by the test's namespace. */
    Map<String, Object> manifest(String yaml) {
        return new Yaml().load(yaml.replace("NS", cluster.namespace()));
    }

    /** Server-side apply as {@code plumbline} with the admin client (not counted), like a sync would. */
    GenericKubernetesResource apply(Map<String, Object> body) {
        return apply(body, "plumbline");
    }

    GenericKubernetesResource apply(Map<String, Object> body, String manager) {
        return cluster.client().resource(Normalizer.toResource(body)).fieldManager(manager).forceConflicts()
                .serverSideApply();
    }

    /** The live object as a watch cache would hold it, read with the admin client (not counted). */
    GenericKubernetesResource live(Map<String, Object> body) {
        return cluster.client().resource(Normalizer.toResource(body)).get();
    }

    /** Waits until the workload simulator has written the status for the current generation (no more writes). */
    GenericKubernetesResource settled(Map<String, Object> body) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> live(body), this::observed);
    }

    @SuppressWarnings("unchecked")
    private boolean observed(GenericKubernetesResource live) {
        Object status = live.getAdditionalProperties().get("status");
        Object observed = status instanceof Map<?, ?> s ? ((Map<String, Object>) s).get("observedGeneration") : null;
        return observed != null && String.valueOf(observed).equals(String.valueOf(live.getMetadata().getGeneration()));
    }

    DriftEntry diff(Map<String, Object> body, GenericKubernetesResource live, IgnoreRule... rules) {
        DesiredInput input = new DesiredInput(ResourceKey.of(body), String.valueOf(body.get("apiVersion")), body);
        return engine.diff(input, live, List.of(rules), ENV);
    }

    /** Runs kubectl against the test API server in the test namespace; fails the test unless it exits 0. */
    String kubectl(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfigPath().toString(),
                "-n", cluster.namespace()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args[0]).isTrue();
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    String kubectl(String... args) throws IOException, InterruptedException {
        return kubectl(Map.of(), args);
    }

    /** Writes a manifest to a temporary file, for {@code kubectl apply -f}. */
    File file(Map<String, Object> body) throws IOException {
        Path file = Files.createTempFile("plumbline-diff-it", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, new Yaml().dump(body));
        return file.toFile();
    }

    /** The API server's minor version, e.g. 20 for v1.20.2 ({@code 20+} on some distributions). */
    int serverMinor() {
        return Integer.parseInt(cluster.client().getKubernetesVersion().getMinor().replaceAll("\\D.*", ""));
    }
}
