package dev.plumbline.engine;

import dev.plumbline.diff.DesiredHash;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.diff.Verdict;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decisions made before any API call, against a client whose every request is counted and fails. */
class DifferTest {

    private final AtomicInteger requests = new AtomicInteger();
    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestRetryBackoffLimit(0)
                    .withAutoConfigure(false).build())
            .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("count", new Interceptor() {
                @Override
                public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                    requests.incrementAndGet();
                }
            }))
            .build();
    private final Differ engine = new Differ(client, DiffOptions.defaults());

    @AfterEach
    void close() {
        client.close();
    }

    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
              namespace: shop
              labels: {plumbline.dev/environment: production}
              annotations: {%s}
            spec: {replicas: 2}
            """;

    private static DesiredInput desired(String annotations) {
        Map<String, Object> body = new Yaml().load(MANIFEST.formatted(annotations));
        return new DesiredInput(ResourceKey.of(body), "apps/v1", body);
    }

    private static GenericKubernetesResource live(String labels, String annotations) {
        return Normalizer.toResource(new Yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: shop, resourceVersion: "9", labels: {%s}, annotations: {%s}}
                spec: {replicas: 2}
                """.formatted(labels, annotations)));
    }

    @Test
    void absentIsMissingWithoutACall() {
        DiffResult result = engine.diffWithObjects(desired(""), null, List.of(), "production");
        assertThat(result.entry().status()).isEqualTo(Verdict.Missing);
        assertThat(result.desired()).containsEntry("spec", Map.of("replicas", 2));
        assertThat(result.live()).isNull();
        assertThat(UnifiedDiff.of(result)).contains("+  replicas: 2");
        assertThat(requests).hasValue(0);
    }

    @Test
    void ignoredInGitOrLive() {
        assertThat(engine.diff(desired("plumbline.dev/ignore: 'true'"), live("", ""), List.of(), "production"))
                .satisfies(e -> {
                    assertThat(e.status()).isEqualTo(Verdict.InSync);
                    assertThat(e.message()).startsWith("ignored");
                });
        assertThat(engine.diff(desired(""), live("", "plumbline.dev/ignore: 'true'"), List.of(), "production").message())
                .startsWith("ignored");
        assertThat(requests).hasValue(0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plumbline.dev/environment: staging||labelled for environment staging",
            "app.kubernetes.io/managed-by: Helm||managed by Helm",
            "argocd.argoproj.io/instance: shop||managed by Argo CD",
            "|argocd.argoproj.io/tracking-id: 'shop:apps/Deployment:shop/api'|managed by Argo CD",
            "kustomize.toolkit.fluxcd.io/name: shop||managed by Flux",
            "helm.toolkit.fluxcd.io/name: shop||managed by Flux"})
    void foreignOwnersAreConflicts(String labels, String annotations, String owner) {
        DriftEntry entry = engine.diff(desired(""), live(labels == null ? "" : labels,
                annotations == null ? "" : annotations), List.of(), "production");
        assertThat(entry.status()).isEqualTo(Verdict.Conflict);
        assertThat(entry.message()).startsWith("Deployment/shop/api is ").contains(owner)
                .contains("plumbline.dev/adopt");
        assertThat(requests).hasValue(0);
    }

    @Test
    void adoptedOrOwnObjectsGoToTheDryRunAndAnUnreachableServerThrows() {
        assertThatThrownBy(() -> engine.diff(desired("plumbline.dev/adopt: 'true'"),
                live("app.kubernetes.io/managed-by: Helm", ""), List.of(), "production"))
                .isInstanceOf(DiffException.class)
                .hasMessageStartingWith("Deployment/shop/api dry-run apply failed: ");
        assertThat(requests.get()).isPositive();
    }

    @Test
    void cachedVerdictCostsNoCall() {
        DesiredInput desired = desired("");
        DriftEntry remembered = DriftEntry.of(desired.key(), "apps/v1", Verdict.InSync, null);
        engine.cache().put(desired.key(), DesiredHash.of(desired.body(), List.of(), "production"), "9", remembered);

        assertThat(engine.diff(desired, live("", ""), List.of(), "production")).isSameAs(remembered);
        assertThat(requests).hasValue(0);
        assertThat(engine.cache().hits()).isEqualTo(1);
    }

    /** The object as an apply answers (with {@code creationTimestamp: null} in the template) or, with a status, as a watch sends it. */
    private static GenericKubernetesResource answer(String resourceVersion, int replicas, String status) {
        return Normalizer.toResource(new Yaml().load("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api, namespace: shop, resourceVersion: "%s", generation: 1, labels: {plumbline.dev/environment: production}}
                spec: {replicas: %d, template: {metadata: {%s}}}
                status: {%s}
                """.formatted(resourceVersion, replicas, status.isEmpty() ? "creationTimestamp: null" : "", status)));
    }

    @Test
    void anAppliedObjectIsInSyncAtItsAnswersVersionAndAfterAStatusWriteButNotAfterAnEdit() {
        DesiredInput desired = desired("");
        engine.applied(desired, List.of(), "production", answer("20", 2, ""));

        assertThat(engine.diff(desired, answer("20", 2, ""), List.of(), "production").status()).isEqualTo(Verdict.InSync);
        // a controller wrote status: same content at a new version
        assertThat(engine.diff(desired, answer("21", 2, "observedGeneration: 1"), List.of(), "production").status())
                .isEqualTo(Verdict.InSync);
        assertThat(requests).hasValue(0);
        // someone scaled it: compared again (a dry-run; this server is unreachable)
        assertThatThrownBy(() -> engine.diff(desired, answer("22", 5, ""), List.of(), "production"))
                .isInstanceOf(DiffException.class);
    }

    @Test
    void aDryRunSyncLeavesNoVerdictAndIgnoringByManagerComparesEveryVersion() {
        DesiredInput desired = desired("");
        engine.applied(desired, List.of(), "production", null);
        assertThat(engine.cache().size()).isZero();

        IgnoreRule byManager = new IgnoreRule(null, "Deployment", null, null, null, List.of("kube-controller-manager"));
        engine.applied(desired, List.of(byManager), "production", answer("20", 2, ""));
        assertThat(engine.diff(desired, answer("20", 2, ""), List.of(byManager), "production").status())
                .isEqualTo(Verdict.InSync);
        assertThatThrownBy(() -> engine.diff(desired, answer("21", 2, "observedGeneration: 1"), List.of(byManager),
                "production")).isInstanceOf(DiffException.class);
    }

    @Test
    void malformedIgnorePathIsAnErrorVerdict() {
        IgnoreRule bad = new IgnoreRule(null, "Deployment", null, null, List.of("spec.containers[name=api"), null);
        DriftEntry entry = engine.diff(desired(""), live("", ""), List.of(bad), "production");
        assertThat(entry.status()).isEqualTo(Verdict.Error);
        assertThat(entry.message()).startsWith("Deployment/shop/api diff failed: ").contains("unclosed");
        assertThat(requests).hasValue(0);
    }

    @Test
    void orphanedAndUnservedNeedNoCall() {
        ResourceKey key = ResourceKey.of("apps", "Deployment", "shop", "old");
        assertThat(engine.orphaned(key, "apps/v1", live("", "")).status()).isEqualTo(Verdict.Orphaned);
        assertThat(engine.orphaned(key, "apps/v1", live("", "plumbline.dev/ignore: 'true'")).message())
                .startsWith("ignored");
        DriftEntry unserved = Differ.kindNotServed(new DesiredInput(ResourceKey.of("example.com", "Widget", "shop",
                "w"), "example.com/v1", Map.of()));
        assertThat(unserved.status()).isEqualTo(Verdict.Error);
        assertThat(unserved.message()).isEqualTo(
                "Widget/shop/w diff failed: kind not served by the cluster (example.com/v1)");
        assertThat(requests).hasValue(0);
    }
}
