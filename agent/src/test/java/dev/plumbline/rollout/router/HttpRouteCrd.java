package dev.plumbline.rollout.router;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** Installs this project's small HTTPRoute CRD ({@code rollout/httproute-crd.yaml}) and waits until it is served. */
public final class HttpRouteCrd {

    private HttpRouteCrd() {
    }

    public static void install(KubernetesClient client) {
        @SuppressWarnings("unchecked")
        Map<String, Object> crd = new Yaml().load(YamlFixtures.text("rollout/httproute-crd.yaml"));
        client.resource(Normalizer.toResource(crd)).fieldManager("plumbline-test").forceConflicts().serverSideApply();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> client
                .genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace("default").list() != null);
    }
}
