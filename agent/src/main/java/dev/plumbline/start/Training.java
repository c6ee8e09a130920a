package dev.plumbline.start;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.Plumbline;
import org.eclipse.jgit.api.Git;
import org.yaml.snakeyaml.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run of the start-up cache ({@code ./plumbline --build-start-cache}, run by the package step): a JVM
 * started with {@code -XX:ArchiveClassesAtExit} (JDK 17–24) or {@code -XX:AOTCacheOutput} (JDK 25+) runs this, and
 * every class it loads goes into the archive, so a later {@code plumbline diff} maps them instead of loading, parsing
 * and verifying them from the jar. It walks the one-shot path offline: {@code render}, {@code validate} and
 * {@code diff} of a small generated repository (Namespace, Deployment, Service, ConfigMap; the kinds a typical
 * environment holds), the diff against a {@link TrainingApiServer} on 127.0.0.1 seeded with the rendered objects, so
 * the Fabric8 client, its model classes, Jackson, JGit and the drift check are all in the archive. Then a
 * {@code sync}, which gets as far as its first watch: the stand-in speaks no WebSocket, so the sync fails there (exit
 * 2, expected), after loading its informer, cache and WebSocket classes (a {@code sync} of 100 objects then maps 6,672
 * of its 7,397 classes instead of 6,539). It needs no network and no cluster. What the commands print is thrown away;
 * the exit codes say only how far each step got.
 */
public final class Training {

    private static final String ENV = "train";
    private static final String NS = "train-app";
    private static final Map<String, String> COLLECTIONS = Map.of(
            "Namespace", "/api/v1/namespaces",
            "Deployment", "/apis/apps/v1/namespaces/%s/deployments",
            "Service", "/api/v1/namespaces/%s/services",
            "ConfigMap", "/api/v1/namespaces/%s/configmaps");

    private static final OutputStream DROP = OutputStream.nullOutputStream();

    private Training() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("plumbline-training");
        PrintStream out = System.out;
        PrintStream err = System.err;
        TrainingTls tls = TrainingTls.create(dir);
        try (TrainingApiServer api = new TrainingApiServer(tls == null ? null : tls.server())) {
            Path repo = repository(dir.resolve("repo"));
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), kubeconfig(api.url(), tls));
            String cache = dir.resolve("cache").toString(); // not the user's ~/.cache
            ByteArrayOutputStream rendered = new ByteArrayOutputStream();
            int[] codes = new int[5];
            quietly(rendered, () -> codes[0] = Plumbline.run("render", "--repo", repo.toString(), "--env", ENV, "--with-tracking", "--cache-dir", cache));
            seed(api, rendered.toString(StandardCharsets.UTF_8));
            quietly(DROP, () -> {
                codes[1] = Plumbline.run("validate", "--repo", repo.toString(), "--env", ENV, "--cache-dir", cache);
                codes[2] = Plumbline.run("diff", "--repo", repo.toString(), "--env", ENV, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache);
                codes[3] = Plumbline.run("diff", "--repo", repo.toString(), "--env", ENV, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache, "-o", "json");
                // fails at its first watch (no WebSocket here), after loading what a sync loads until then
                codes[4] = Plumbline.run("sync", "--repo", repo.toString(), "--env", ENV, "--kubeconfig", kubeconfig.toString(), "--cache-dir", cache);
                Plumbline.run("--help");
            });
            out.printf("plumbline training run: render %d, validate %d, diff %d, diff -o json %d, sync %d%n", codes[0], codes[1], codes[2], codes[3], codes[4]);
            System.setOut(out);
            System.setErr(err);
        } finally {
            deleteTree(dir);
        }
        // As a one-shot command ends: the HTTP clients' selector threads would hold the exit up otherwise.
        Plumbline.main(new String[] {"--version"});
    }

    /** Runs {@code step} with stdout in {@code sink} and stderr dropped. */
    private static void quietly(OutputStream sink, Runnable step) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        boolean verbose = Boolean.getBoolean("plumbline.training.verbose"); // -Dplumbline.training.verbose=true: why a step failed
        System.setOut(new PrintStream(verbose && sink == DROP ? out : sink, true, StandardCharsets.UTF_8));
        if (!verbose) {
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
        }
        try {
            step.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Holds every rendered object in the stand-in API server, as a previous sync would have left it. */
    private static void seed(TrainingApiServer api, String yaml) {
        ObjectMapper json = new ObjectMapper();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document instanceof Map<?, ?> map) {
                ObjectNode object = json.valueToTree(map);
                String collection = COLLECTIONS.get(object.path("kind").asText());
                if (collection != null) {
                    api.seed(String.format(collection, object.path("metadata").path("namespace").asText()), object);
                }
            }
        }
    }

    private static Path repository(Path repo) throws Exception {
        Path env = Files.createDirectories(repo.resolve("environments").resolve(ENV));
        Files.writeString(env.resolve("plumbline.yaml"), "namespace: " + NS + "\nsync:\n  auto: true\n  selfHeal: true\n");
        Files.writeString(env.resolve("kustomization.yaml"), "resources:\n- app.yaml\ncommonLabels:\n  team: training\n");
        Files.writeString(env.resolve("app.yaml"), String.join("---\n", List.of(
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + NS + "\n",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: " + NS + "\nspec:\n  replicas: 2\n"
                        + "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
                        + "    spec:\n      containers:\n      - name: web\n        image: registry.example.com/web:1.0.0\n"
                        + "        ports:\n        - containerPort: 8080\n          protocol: TCP\n        resources:\n"
                        + "          requests:\n            cpu: 100m\n            memory: 64Mi\n",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: " + NS + "\nspec:\n  selector:\n    app: web\n"
                        + "  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n    protocol: TCP\n",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n  namespace: " + NS + "\ndata:\n  LOG_LEVEL: info\n")));
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("training").setAuthor("plumbline", "plumbline@localhost")
                    .setCommitter("plumbline", "plumbline@localhost").setSign(false).call();
        }
        return repo;
    }

    private static String kubeconfig(String url, TrainingTls tls) {
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: training\n  cluster:\n    server: " + url + "\n"
                + (tls == null ? "" : "    certificate-authority-data: " + tls.caPemBase64() + "\n")
                + "users:\n- name: training\n  user:\n    token: training\n"
                + "contexts:\n- name: training\n  context:\n    cluster: training\n    user: training\n"
                + "current-context: training\n";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
