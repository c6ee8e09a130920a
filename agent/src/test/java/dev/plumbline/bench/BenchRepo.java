package dev.plumbline.bench;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's manifests repository: plain YAML, {@code n} objects split evenly into Deployments, Services and
 * ConfigMaps over {@value #NAMESPACES} namespaces (plus the Namespace objects), {@value #PER_FILE} objects per file,
 * so 5,000 objects are 500 files. An environment folder is {@code environments/<env>/plumbline.yaml} plus
 * {@code environments/<env>/manifests/}, and the {@code manifests/} folder alone is what kubectl applies: its
 * {@code 00-namespaces.yaml} sorts before the namespace folders, so one {@code kubectl apply -R} creates the
 * Namespaces before anything in them. Ports spell out {@code protocol: TCP} (kubernetes#98576).
 */
final class BenchRepo implements AutoCloseable {

    static final int NAMESPACES = 10;
    static final int PER_FILE = 10;
    static final String IMAGE = "registry.example.com/bench/app:1.0.0";
    static final String CONTAINER = "app";

    private final Path dir;
    private final Git git;
    private final int n;

    BenchRepo(Path dir, int n) {
        this.dir = dir;
        this.n = n;
        try {
            Files.createDirectories(dir);
            this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        } catch (Exception e) {
            throw new IllegalStateException("git init " + dir + " failed: " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The folder kubectl applies ({@code -R}) for an environment. */
    Path manifests(String env) {
        return dir.resolve("environments").resolve(env).resolve("manifests");
    }

    /** Namespace {@code i} of an environment whose namespaces are {@code <prefix>-00 .. -09}. */
    static String namespace(String prefix, int i) {
        return String.format("%s-%02d", prefix, i);
    }

    /** The object the edit and push phases touch: app 0 lives in namespace 0. */
    static String firstApp() {
        return app(0);
    }

    static String app(int i) {
        return String.format("app-%05d", i);
    }

    /**
     * Writes an environment: {@code plumbline.yaml} (when {@code policy} is not null) and its manifests, with
     * namespaces {@code <prefix>-NN}. {@code pushValue} is the {@code PUSHED} entry of ConfigMap app 0 (the push phase
     * changes it).
     */
    List<String> writeEnvironment(String env, String prefix, String policy, int pushValue) {
        Path envDir = dir.resolve("environments").resolve(env);
        try {
            if (policy != null) {
                Files.createDirectories(envDir);
                Files.writeString(envDir.resolve("plumbline.yaml"), policy);
            }
            Path manifests = manifests(env);
            Files.createDirectories(manifests);
            StringBuilder ns = new StringBuilder();
            for (int i = 0; i < NAMESPACES; i++) {
                ns.append("---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ").append(namespace(prefix, i)).append('\n');
            }
            Files.writeString(manifests.resolve("00-namespaces.yaml"), ns);
            List<String> files = new ArrayList<>();
            // object k: kind k % 3 of app k / 3; app a lives in namespace a % 10
            List<List<Integer>> byNamespace = new ArrayList<>();
            for (int i = 0; i < NAMESPACES; i++) {
                byNamespace.add(new ArrayList<>());
            }
            for (int k = 0; k < n; k++) {
                byNamespace.get((k / 3) % NAMESPACES).add(k);
            }
            for (int i = 0; i < NAMESPACES; i++) {
                List<Integer> objects = byNamespace.get(i);
                String namespace = namespace(prefix, i);
                Path nsDir = manifests.resolve(namespace);
                Files.createDirectories(nsDir);
                for (int f = 0; f * PER_FILE < objects.size(); f++) {
                    StringBuilder yaml = new StringBuilder();
                    for (int k : objects.subList(f * PER_FILE, Math.min(objects.size(), (f + 1) * PER_FILE))) {
                        yaml.append(object(k, namespace, pushValue));
                    }
                    Path file = nsDir.resolve(String.format("objects-%03d.yaml", f));
                    Files.writeString(file, yaml);
                    files.add(dir.relativize(file).toString());
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Repository-relative path of the file holding app 0's objects. */
    String firstFile(String env, String prefix) {
        return "environments/" + env + "/manifests/" + namespace(prefix, 0) + "/objects-000.yaml";
    }

    static String policy(String namespace, boolean selfHeal) {
        return "namespace: " + namespace + "\n"
                + "sync:\n"
                + "  auto: true\n"
                + "  selfHeal: " + selfHeal + "\n"
                + "  waitTimeout: 30s\n";
    }

    private static String object(int k, String namespace, int pushValue) {
        String name = app(k / 3);
        return switch (k % 3) {
            case 0 -> """
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: %1$s
                      namespace: %2$s
                      labels:
                        app: %1$s
                    spec:
                      replicas: 1
                      selector:
                        matchLabels:
                          app: %1$s
                      template:
                        metadata:
                          labels:
                            app: %1$s
                        spec:
                          containers:
                          - name: %3$s
                            image: %4$s
                            ports:
                            - containerPort: 8080
                              protocol: TCP
                            resources:
                              requests:
                                cpu: 100m
                                memory: 64Mi
                    """.formatted(name, namespace, CONTAINER, IMAGE);
            case 1 -> """
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: %1$s
                      namespace: %2$s
                    spec:
                      selector:
                        app: %1$s
                      ports:
                      - name: http
                        port: 80
                        targetPort: 8080
                        protocol: TCP
                    """.formatted(name, namespace);
            default -> """
                    ---
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %1$s
                      namespace: %2$s
                    data:
                      LOG_LEVEL: info
                      FEATURE_FLAGS: "search,checkout"
                      PUSHED: "%3$d"
                    """.formatted(name, namespace, k / 3 == 0 ? pushValue : 0);
        };
    }

    /** {@code git add -A && git commit}; answers the new commit's SHA. */
    String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            PersonIdent who = new PersonIdent("Plumbline Bench", "bench@plumbline.invalid");
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call().getName();
        } catch (Exception e) {
            throw new IllegalStateException("git commit in " + dir + " failed: " + e.getMessage(), e);
        }
    }

    /** Number of manifest files of one environment (for the render row). */
    long fileCount(String env) {
        try (var files = Files.walk(manifests(env))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        git.close();
    }
}
