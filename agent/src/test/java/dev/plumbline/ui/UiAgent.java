package dev.plumbline.ui;

import dev.plumbline.testing.GitRepoFixture;
import dev.plumbline.controlplane.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One in-process agent ({@code plumbline serve}: real HTTP on 127.0.0.1, a real Git repository, the real API server)
 * for a browser test class, with namespaces of its own: the class shares it across its ordered steps, so it owns its
 * namespaces instead of taking the per-test ones.
 */
final class UiAgent implements AutoCloseable {

    static final String TOKEN = "ui-test-token-3f9c";

    final GitRepoFixture repo;
    final LocalControlPlane controlPlane;
    final KubernetesClient client;
    final String suffix = UUID.randomUUID().toString().substring(0, 6);
    final String stateNamespace = "ui-state-" + suffix;
    private ApplicationContext app;
    URI base;

    UiAgent(LocalControlPlane controlPlane, KubernetesClient client, Path tmp) {
        this.controlPlane = controlPlane;
        this.client = client;
        this.repo = new GitRepoFixture(tmp.resolve("repo"));
    }

    /** The namespace environment {@code env} renders into. */
    String namespace(String env) {
        return "ui-" + env + "-" + suffix;
    }

    UiAgent start(Path tmp, String pollInterval, List<String> environments) throws Exception {
        return start(tmp, pollInterval, environments, Map.of());
    }

    UiAgent start(Path tmp, String pollInterval, List<String> environments, Map<String, Object> extra) throws Exception {
        for (String env : environments) {
            createNamespace(namespace(env));
        }
        createNamespace(stateNamespace);
        Path token = Files.writeString(Files.createDirectories(tmp).resolve("api-token"), TOKEN + "\n");
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.putAll(Map.of(
                "micronaut.server.host", "127.0.0.1",
                "micronaut.server.port", -1,
                "plumbline.repo.url", repo.dir().toString(),
                "plumbline.repo.poll-interval", pollInterval,
                "plumbline.repo.cache-dir", tmp.resolve("cache").toString(),
                "plumbline.environments", environments,
                "plumbline.kubeconfig", controlPlane.kubeconfigPath().toString(),
                "plumbline.state-namespace", stateNamespace,
                "plumbline.api.token-file", token.toString()));
        app = ApplicationContext.run(config);
        app.getBean(EmbeddedServer.class).start();
        base = app.getBean(EmbeddedServer.class).getURI();
        return this;
    }

    String ui(String fragment) {
        return base.resolve("/ui/").toString() + fragment;
    }

    private void createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        repo.close();
        for (String ns : client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .filter(n -> n.endsWith("-" + suffix)).toList()) {
            client.namespaces().withName(ns).delete();
        }
    }
}
