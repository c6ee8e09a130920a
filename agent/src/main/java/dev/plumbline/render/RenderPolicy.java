package dev.plumbline.render;

import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plumbline's rules on top of the built objects: scope ({@link Scopes}: discovery, CRDs in the same render), the default
 * namespace for namespaced objects that name none, {@code restrictions}, and one definition per object. Every
 * violation is an error at the object's file:line; together they fail the render.
 */
final class RenderPolicy {

    private RenderPolicy() {
    }

    static List<DesiredObject> apply(List<Resource> resources, RenderOptions options, Problems problems) {
        Scopes scopes = Scopes.withCrds(resources.stream().map(Resource::body).toList(), options.kindScopes());
        Map<ResourceKey, DesiredObject> seen = new HashMap<>();
        List<KustomizeOrder.Entry> out = new ArrayList<>(resources.size());
        for (Resource r : resources) {
            String written = r.namespace(); // Kustomize sorts by the namespace it printed, before defaults
            boolean clusterScoped = scopes.isClusterScoped(r.apiVersion(), r.group(), r.kind());
            String namespace = namespace(r, clusterScoped, options, problems);
            if (namespace == null && !clusterScoped && !options.preview()) {
                continue;
            }
            ResourceKey key = ResourceKey.of(r.group(), r.kind(), namespace, r.name());
            if (namespace != null || clusterScoped) { // a preview's namespace-less object is in no namespace yet
                checkRestrictions(r, key, options.restrictions(), problems);
            }
            DesiredObject object = new DesiredObject(key, r.apiVersion(), r.body(), r.source(), r.line());
            DesiredObject first = seen.putIfAbsent(key, object);
            if (first != null) {
                problems.error(r.source(), r.line(), key + " is defined twice: first at " + first.location());
                continue;
            }
            out.add(new KustomizeOrder.Entry(object, written));
        }
        out.sort(KustomizeOrder.ENTRIES);
        return out.stream().map(KustomizeOrder.Entry::object).toList();
    }

    /** The object's namespace after defaults (set in its body too), null when cluster-scoped or missing. */
    private static String namespace(Resource r, boolean clusterScoped, RenderOptions options, Problems problems) {
        String namespace = r.namespace();
        if (clusterScoped) {
            // A cluster-scoped custom resource gets a namespace from Kustomize's `namespace:` (it only knows
            // built-in scopes); the API server has no use for it, and it must not split the object's identity.
            r.metadata().remove("namespace");
            return null;
        }
        if (namespace == null) {
            if (options.defaultNamespace() == null) {
                String message = r.kind() + "/" + r.name() + " is namespaced but names no namespace, and plumbline.yaml "
                        + "sets no default `namespace`";
                if (options.preview()) {
                    problems.warning(r.source(), r.line(), message + ": printed as written; diff and sync refuse it");
                } else {
                    problems.error(r.source(), r.line(), message);
                }
                return null;
            }
            namespace = options.defaultNamespace();
            r.metadata().put("namespace", namespace);
        }
        return namespace;
    }

    private static void checkRestrictions(Resource r, ResourceKey key, Restrictions restrictions, Problems problems) {
        check(r, key, restrictions, "restrictions.", problems);
        if (restrictions.bound() != null) {
            check(r, key, restrictions.bound(), "the agent configuration's limits: ", problems);
        }
    }

    private static void check(Resource r, ResourceKey key, Restrictions restrictions, String by, Problems problems) {
        if (key.namespace() != null && !restrictions.allowsNamespace(key.namespace())) {
            problems.error(r.source(), r.line(), key + " is in namespace " + key.namespace()
                    + ", outside " + by + "namespaces " + restrictions.namespaces());
        }
        if (key.namespace() == null && !restrictions.allowsClusterScoped(key.kind())) {
            problems.error(r.source(), r.line(), key + " is cluster-scoped, and " + by + "clusterScoped "
                    + restrictions.clusterScoped() + " does not allow kind " + key.kind());
        }
        if (key.namespace() == null && key.group().isEmpty() && key.kind().equals("Namespace")
                && !restrictions.allowsNamespace(key.name())) {
            problems.error(r.source(), r.line(), key + " creates a namespace outside " + by + "namespaces "
                    + restrictions.namespaces());
        }
    }
}
