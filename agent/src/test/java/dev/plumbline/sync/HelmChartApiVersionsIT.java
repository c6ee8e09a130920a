package dev.plumbline.sync;

import dev.plumbline.config.EnvironmentLimits;
import dev.plumbline.reconcile.ClusterKindScopes;
import dev.plumbline.reconcile.RenderedEnvironment;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.DirectoryTree;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.Trees;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A chart's {@code .Capabilities.APIVersions} is the target cluster's discovery when a cluster is known (as the agent
 * renders: {@link ClusterKindScopes}), plus the entry's {@code apiVersions}: {@code policy/v1} is there on 1.37.2
 * and not on 1.20.2, {@code apps/v1/Deployment} is there (discovery lists kinds), and a ServiceMonitor renders once
 * the cluster serves {@code monitoring.coreos.com/v1}. What renders is what syncs. Helm never talks to this API
 * server: it talks to the render's own discovery server on 127.0.0.1, which answers what Plumbline read.
 */
@ExtendWith(KubernetesExtension.class)
class HelmChartApiVersionsIT {

    private static final Path FIXTURE = Path.of("src/test/resources/render/helm/apiversions/manifests/caps");

    @RegisterExtension
    final SyncHarness it = new SyncHarness();

    TestCluster cluster; // injected by KubernetesExtension

    @TempDir
    Path repo;

    @Test
    void aChartSeesTheClustersApiVersionsAndWhatRendersSyncs() throws IOException {
        Path env = Trees.copy(FIXTURE, repo.resolve("environments/" + cluster.namespace()));
        Files.writeString(env.resolve("kustomization.yaml"), """
                namespace: %s
                helmCharts:
                - name: caps
                  releaseName: web
                """.formatted(cluster.namespace()));
        Files.writeString(env.resolve("charts/caps/templates/lookup.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: lookup
                data:
                  namespace: {{ if lookup "v1" "Namespace" "" .Release.Namespace }}found{{ else }}nothing{{ end }}
                """);
        boolean policyV1 = minor() >= 21;

        RenderedEnvironment rendered = render();
        Map<?, ?> data = (Map<?, ?>) object(rendered, "web-capabilities").body().get("data");
        assertThat(data.get("policy")).isEqualTo(String.valueOf(policyV1));
        assertThat(data.get("deployment")).isEqualTo("true"); // a kind entry, as discovery gives Helm
        assertThat(data.get("monitoring")).isEqualTo("false");
        // `lookup` finds nothing, as under `helm template`, though the namespace exists: Helm never reaches the cluster
        assertThat(((Map<?, ?>) object(rendered, "lookup").body().get("data")).get("namespace")).isEqualTo("nothing");
        assertThat(ofKind(rendered, "PodDisruptionBudget").apiVersion()).isEqualTo(policyV1 ? "policy/v1" : "policy/v1beta1");
        // offline, Helm's built-in set says policy/v1 whatever the cluster serves: the cluster's answer differs on 1.20
        assertThat(((Map<?, ?>) object(RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace()),
                "web-capabilities").body().get("data")).get("deployment")).isEqualTo("false");

        ChangeSet first = ChartSyncs.sync(it, cluster.namespace(), rendered);
        assertThat(first.entries()).extracting(e -> e.kind() + "/" + e.name() + " " + e.action()).containsExactlyInAnyOrder(
                "ConfigMap/web-capabilities CREATED", "ConfigMap/lookup CREATED", "Service/web CREATED",
                "PodDisruptionBudget/web CREATED", "Pod/web-test CREATED"); // the chart's test hook, as
        // `kubectl kustomize --enable-helm | kubectl apply -f -` creates it (skipTests leaves it out)
        assertThat(ChartSyncs.sync(it, cluster.namespace(), render()).entries()).extracting(e -> e.action().toString()).containsOnly("UNCHANGED");
    }

    @Test
    void aServiceMonitorRendersOnceTheClusterServesItsGroupAndApiVersionsAddToTheClustersSet() throws IOException {
        Path env = Trees.copy(FIXTURE, repo.resolve("environments/" + cluster.namespace()));
        Files.writeString(env.resolve("kustomization.yaml"), """
                namespace: %s
                helmCharts:
                - name: caps
                  releaseName: web
                  apiVersions: [example.com/v1]
                """.formatted(cluster.namespace()));
        assertThat(render().state().objects()).extracting(DesiredObject::kind).doesNotContain("ServiceMonitor");

        CustomResourceDefinition crd = serviceMonitors();
        it.connection.reconcileClient().apiextensions().v1().customResourceDefinitions().resource(crd).create();
        try {
            await().atMost(30, TimeUnit.SECONDS).until(() -> it.connection.reconcileClient()
                    .getApiResources("monitoring.coreos.com/v1") != null);
            RenderedEnvironment rendered = render();
            assertThat(((Map<?, ?>) object(rendered, "web-capabilities").body().get("data")).get("monitoring")).isEqualTo("true");
            assertThat(ofKind(rendered, "ServiceMonitor").apiVersion()).isEqualTo("monitoring.coreos.com/v1");

            assertThat(ChartSyncs.sync(it, cluster.namespace(), rendered).entries()).extracting(e -> e.kind() + "/" + e.name() + " " + e.action())
                    .contains("ServiceMonitor/web CREATED");
        } finally {
            it.connection.reconcileClient().apiextensions().v1().customResourceDefinitions().resource(crd).delete();
        }
    }

    private RenderedEnvironment render() {
        return RenderedEnvironment.render(new DirectoryTree(repo), cluster.namespace(), EnvironmentLimits.none(),
                new ClusterKindScopes(it.discovery, it.connection.reconcileClient()));
    }


    private int minor() {
        return Integer.parseInt(it.connection.reconcileClient().getKubernetesVersion().getMinor().replaceAll("\\D", ""));
    }

    /** The rendered ConfigMap of this name. */
    private static DesiredObject object(RenderedEnvironment rendered, String name) {
        return rendered.state().objects().stream().filter(o -> o.kind().equals("ConfigMap") && o.name().equals(name))
                .findFirst().orElseThrow();
    }

    private static DesiredObject ofKind(RenderedEnvironment rendered, String kind) {
        return rendered.state().objects().stream().filter(o -> o.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static CustomResourceDefinition serviceMonitors() {
        return new CustomResourceDefinitionBuilder().withNewMetadata().withName("servicemonitors.monitoring.coreos.com")
                .endMetadata().withNewSpec().withGroup("monitoring.coreos.com").withScope("Namespaced")
                .withNewNames().withKind("ServiceMonitor").withPlural("servicemonitors").withSingular("servicemonitor")
                .endNames().addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema()
                .withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
    }

}
