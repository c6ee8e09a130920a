package dev.plumbline.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds are cluster-scoped: the built-in table {@code render/cluster-scoped-kinds.txt}, plus the kinds that
 * CustomResourceDefinitions in the same render declare with {@code spec.scope: Cluster}. Any other kind is
 * namespaced (an unknown kind most likely is a namespaced custom resource whose CRD is installed separately).
 */
final class Scopes {

    private static final Set<String> BUILTIN = load("render/cluster-scoped-kinds.txt");

    private final Set<String> custom;

    private Scopes(Set<String> custom) {
        this.custom = custom;
    }

    static Scopes builtin() {
        return new Scopes(Set.of());
    }

    /** The built-in table plus the cluster-scoped kinds of the CRDs among {@code bodies}. */
    static Scopes withCrds(Iterable<Map<String, Object>> bodies) {
        Set<String> custom = new HashSet<>();
        for (Map<String, Object> body : bodies) {
            if ("CustomResourceDefinition".equals(body.get("kind"))
                    && body.get("apiVersion") instanceof String av && av.startsWith("apiextensions.k8s.io/")) {
                Map<String, Object> spec = Values.map(body.get("spec"));
                String group = Values.string(spec.get("group"));
                String kind = Values.string(Values.map(spec.get("names")).get("kind"));
                if ("Cluster".equals(spec.get("scope")) && group != null && kind != null) {
                    custom.add(group + "/" + kind);
                }
            }
        }
        return new Scopes(custom);
    }

    boolean isClusterScoped(String group, String kind) {
        String key = (group == null ? "" : group) + "/" + kind;
        return BUILTIN.contains(key) || custom.contains(key);
    }

    /** Built-in knowledge only: what Kustomize's namespace transformer and name references know. */
    static boolean isBuiltinClusterScoped(String group, String kind) {
        return BUILTIN.contains((group == null ? "" : group) + "/" + kind);
    }

    private static Set<String> load(String name) {
        try (InputStream in = Scopes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + name);
            }
            Set<String> out = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] parts = text.split("\\s+");
                out.add((parts[0].equals("core") ? "" : parts[0]) + "/" + parts[1]);
            }
            return Set.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
