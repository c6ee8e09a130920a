package dev.plumbline.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which kinds are cluster-scoped. With a cluster ({@link KindScopes}): what its discovery says, and for a kind it does
 * not serve yet, what a CRD in the same render declares ({@code spec.scope: Cluster}) — never the manifest's own
 * {@code namespace}, never a built-in table. Offline: the built-in table {@code render/cluster-scoped-kinds.txt} plus
 * the render's CRDs. Any other kind is namespaced (an unknown kind most likely is a namespaced custom resource whose
 * CRD is installed separately; it cannot be applied before the API server serves it).
 */
final class Scopes {

    private static final Set<String> BUILTIN = load("render/cluster-scoped-kinds.txt");

    private final Set<String> custom;
    private final KindScopes discovered;

    private Scopes(Set<String> custom, KindScopes discovered) {
        this.custom = custom;
        this.discovered = discovered;
    }

    static Scopes builtin() {
        return new Scopes(Set.of(), null);
    }

    /** Discovery (or offline the built-in table) plus the cluster-scoped kinds of the CRDs among {@code bodies}. */
    static Scopes withCrds(Iterable<Map<String, Object>> bodies, KindScopes discovered) {
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
        return new Scopes(custom, discovered);
    }

    boolean isClusterScoped(String apiVersion, String group, String kind) {
        String key = (group == null ? "" : group) + "/" + kind;
        if (discovered != null) {
            Boolean served = discovered.clusterScoped(apiVersion, kind);
            return served != null ? served : custom.contains(key);
        }
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
