package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not the benchmark (that comes later), a guard against accidental quadratic work: 5,000 objects from 500 files,
 * plain and through a kustomization with the common transformers. The bound is generous because the build machine
 * is shared; a warm render takes a few hundred milliseconds at most.
 */
class RenderSpeedTest {

    private static final int FILES = 500;

    @Test
    void rendersFiveThousandObjectsFromFiveHundredFilesQuickly(@TempDir Path repo) throws Exception {
        Path plain = Files.createDirectories(repo.resolve("environments/plain"));
        Path kustomized = Files.createDirectories(repo.resolve("environments/kustomized"));
        StringBuilder resources = new StringBuilder("resources:\n");
        for (int i = 0; i < FILES; i++) {
            String yaml = objects(i);
            Files.writeString(plain.resolve("app-" + i + ".yaml"), yaml);
            Files.writeString(kustomized.resolve("app-" + i + ".yaml"), yaml);
            resources.append("- app-").append(i).append(".yaml\n");
        }
        Files.writeString(kustomized.resolve("kustomization.yaml"), resources + """
                namespace: shop
                namePrefix: prod-
                commonLabels: {team: shop}
                commonAnnotations: {owner: shop}
                images: [{name: example.com/app, newTag: "2.0"}]
                patches:
                - target: {kind: Deployment}
                  patch: '[{"op": "add", "path": "/spec/replicas", "value": 2}]'
                """);
        DirectoryTree tree = new DirectoryTree(repo);
        RenderOptions options = RenderOptions.defaults().withDefaultNamespace("shop");
        Renderer renderer = new Renderer();

        long plainMillis = best(() -> renderer.render(tree, "plain", options));
        long kustomizedMillis = best(() -> renderer.render(tree, "kustomized", options));

        System.out.printf("render of 5,000 objects / 500 files: plain %d ms, kustomized %d ms%n", plainMillis,
                kustomizedMillis);
        assertThat(renderer.render(tree, "kustomized", options).objects()).hasSize(FILES * 10);
        assertThat(plainMillis).isLessThan(2_000);
        assertThat(kustomizedMillis).isLessThan(3_000);
    }

    private static long best(Runnable render) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            long start = System.nanoTime();
            render.run();
            best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
        }
        return best;
    }

    private static String objects(int i) {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < 5; j++) {
            String name = "app-" + i + "-" + j;
            out.append("""
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %1$s
                      labels: {app: %1$s}
                    spec:
                      selector:
                        matchLabels: {app: %1$s}
                      template:
                        metadata:
                          labels: {app: %1$s}
                        spec:
                          containers:
                          - name: app
                            image: example.com/app:1.0
                            envFrom:
                            - configMapRef: {name: %1$s}
                            ports:
                            - containerPort: 8080
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %1$s
                    data:
                      mode: fast
                      level: "3"
                    ---
                    """.formatted(name));
        }
        return out.toString();
    }
}
