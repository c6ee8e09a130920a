package dev.plumbline.engine;

import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.live.Discovery;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many environments syncing at once through one engine (an agent's first cycle on a large cluster) keep at most
 * {@link Engine#APPLIES_IN_FLIGHT} applies in flight: unbounded, 100 environments × 8 applies overran the HTTP/2 stream
 * limit of the one connection they share ("too many concurrent streams", issue 17's scale run; decision 0045).
 */
@ExtendWith(KubernetesExtension.class)
class ApplySlotsIT {

    private static final int SYNCS = 8;
    private static final int PER_SYNC = 8;

    private TestCluster cluster; // injected

    @Test
    void eightSyncsApplyingEightEachKeepAtMostSixteenAppliesInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        String ns = "apply-slots";
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .serverSideApply();
        Config config = Config.fromKubeconfig(Files.readString(cluster.kubeconfigPath()));
        ExecutorService syncs = Executors.newFixedThreadPool(SYNCS * PER_SYNC);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("in-flight", counter(inFlight, most))).build()) {
            Discovery discovery = new Discovery(client);
            Engine engine = new Engine(client, discovery, DiffOptions.defaults());
            ApplyRequest request = new ApplyRequest("production", List.of(), "plumbline", false, Duration.ofSeconds(30),
                    LiveObjects.direct(client, discovery), Set.of());
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Applied>> applies = new ArrayList<>();
            for (int i = 0; i < SYNCS * PER_SYNC; i++) {
                DesiredObject object = configMap(ns, "cm-" + i);
                applies.add(CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return engine.apply(object, DriftEntry.of(object.key(), "v1", Verdict.Missing, null), request);
                }, syncs));
            }
            go.countDown();
            for (CompletableFuture<Applied> a : applies) {
                assertThat(a.get(120, TimeUnit.SECONDS).result()).isEqualTo(Applied.Result.CREATED);
            }
        } finally {
            syncs.shutdownNow();
        }
        assertThat(cluster.client().configMaps().inNamespace(ns).list().getItems()).hasSizeGreaterThanOrEqualTo(SYNCS * PER_SYNC);
        assertThat(most.get()).as("applies in flight at once").isBetween(2, Engine.APPLIES_IN_FLIGHT);
    }

    /** Counts applies (PATCH without dryRun) from the request's send until its answer or failure. */
    private static Interceptor counter(AtomicInteger inFlight, AtomicInteger most) {
        return new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                if (apply(request)) {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (apply(request)) {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public void afterConnectionFailure(HttpRequest request, Throwable failure) {
                if (apply(request)) {
                    inFlight.decrementAndGet();
                }
            }
        };
    }

    private static boolean apply(HttpRequest request) {
        return "PATCH".equals(request.method()) && !String.valueOf(request.uri().getQuery()).contains("dryRun");
    }

    private static DesiredObject configMap(String ns, String name) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("namespace", ns);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "ConfigMap");
        body.put("metadata", metadata);
        body.put("data", Map.of("k", name));
        return new DesiredObject(ResourceKey.of("", "ConfigMap", ns, name), "v1", body, "apply-slots-it");
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
