package dev.plumbline.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders {@code charts/plumbline} in-process with helm-java (Helm as a native library: no helm binary, no network)
 * and parses the multi-document output.
 */
final class ChartRender {

    static final String RELEASE = "plumbline";

    private ChartRender() {
    }

    /** {@code charts/plumbline}, found from the working directory upwards (Maven runs tests in {@code agent/}). */
    static Path chartDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path chart = dir.resolve("charts/plumbline");
            if (Files.isRegularFile(chart.resolve("Chart.yaml"))) {
                return chart;
            }
        }
        throw new IllegalStateException("charts/plumbline lookup failed: no Chart.yaml above " + Path.of("").toAbsolutePath());
    }

    static Helm helm() {
        return new Helm(chartDir());
    }

    /** The objects {@code helm template plumbline charts/plumbline -n <namespace> -f <values>} prints. */
    static Rendered render(String namespace, Map<String, Object> values) {
        return Rendered.parse(template(namespace, values, null));
    }

    static String template(String namespace, Map<String, Object> values, String kubeVersion) {
        Path file = writeValues(values);
        try {
            TemplateCommand command = helm().template().withName(RELEASE).withNamespace(namespace).withValuesFile(file);
            if (kubeVersion != null) {
                command = command.withKubeVersion(kubeVersion);
            }
            return command.call();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /**
     * Every non-default knob the tests exercise: namespace-scoped RBAC, leader election through replicas, a
     * ServiceMonitor, existing Secrets for Git, API and webhook, and a separate state namespace.
     */
    static Map<String, Object> customValues(List<String> namespaces, String stateNamespace) {
        return Map.ofEntries(
                Map.entry("image", Map.of("repository", "registry.example.com/plumbline", "tag", "0.1.0-rc1",
                        "pullPolicy", "Always")),
                Map.entry("replicaCount", 3),
                Map.entry("repo", Map.of("url", "https://git.example.com/acme/deploy.git", "branch", "release",
                        "pollInterval", "5m")),
                Map.entry("environments", List.of("production", "staging")),
                Map.entry("stateNamespace", stateNamespace),
                Map.entry("git", Map.of("existingSecret", "plumbline-git", "auth", "token")),
                Map.entry("api", Map.of("existingSecret", "plumbline-api")),
                Map.entry("webhook", Map.of("existingSecret", "plumbline-webhook")),
                Map.entry("rbac", Map.of("namespaces", namespaces, "clusterRules", List.of())),
                Map.entry("serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prometheus"))),
                Map.entry("podAnnotations", Map.of("example.com/team", "platform")),
                Map.entry("nodeSelector", Map.of("kubernetes.io/os", "linux")),
                Map.entry("tolerations", List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "ops",
                        "effect", "NoSchedule"))),
                Map.entry("extraEnv", List.of(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-XX:+UseSerialGC"))),
                Map.entry("extraConfig", Map.of("logger", Map.of("levels", Map.of("dev.plumbline", "DEBUG")))));
    }

    private static Path writeValues(Map<String, Object> values) {
        try {
            Path file = Files.createTempFile("plumbline-values", ".yaml");
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.writeString(file, new Yaml(options).dump(values));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("values file write failed: " + e.getMessage(), e);
        }
    }

    /** The rendered objects, in output order. */
    record Rendered(String yaml, List<Map<String, Object>> objects) {

        @SuppressWarnings("unchecked")
        static Rendered parse(String yaml) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
                if (doc != null) {
                    objects.add((Map<String, Object>) doc);
                }
            }
            return new Rendered(yaml, List.copyOf(objects));
        }

        List<String> kinds() {
            return objects.stream().map(o -> (String) o.get("kind")).toList();
        }

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = ofKind(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", found " + found.size() + " in " + kinds());
            }
            return found.get(0);
        }

        Map<String, Object> one(String kind, String name) {
            return ofKind(kind).stream().filter(o -> name.equals(get(o, "metadata", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + kinds()));
        }
    }

    /** The value at a path of map keys and list indexes, or null. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i) {
                current = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return (T) current;
    }

    static String name(Map<String, Object> object) {
        return Objects.requireNonNull(get(object, "metadata", "name"));
    }
}
