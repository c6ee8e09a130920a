package dev.plumbline.render;

import java.util.List;

/**
 * {@code namespace}, {@code namePrefix} and {@code nameSuffix}, as Kustomize applies them: the namespace overrides
 * any namespace already set on namespaced objects (cluster-scoped built-in kinds keep none), and a Namespace
 * object is renamed to it; prefix and suffix rename everything except CRDs, APIServices and Namespaces. Each object
 * remembers its earlier names so that references to them can be updated afterwards ({@link NameReferences}).
 */
final class NameTransformer {

    private NameTransformer() {
    }

    static void namespace(List<Resource> resources, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        for (Resource r : resources) {
            if ("Namespace".equals(r.kind()) && r.group().isEmpty()) {
                r.rename(namespace);
            } else if (!Scopes.isBuiltinClusterScoped(r.group(), r.kind())) {
                r.setNamespace(namespace);
            }
            for (FieldSpec spec : FieldSpecs.BUILTIN.namespace) {
                if (spec.selects(r)) {
                    FieldSpec.visit(r.body(), spec.segments(), 0, spec.create(),
                            (parent, key) -> parent.put(key, namespace));
                }
            }
            defaultSubjects(r, namespace);
        }
    }

    /**
     * Kustomize's namespace transformer (its default {@code setRoleBindingSubjects: defaultOnly}) also moves every
     * subject named {@code default} of a RoleBinding or ClusterRoleBinding, whatever its kind and namespace, to the
     * new namespace: the {@code default} ServiceAccount a binding names is meant to be the one of its own namespace.
     * Other subjects keep theirs (those naming a ServiceAccount of this build follow it, {@link NameReferences}).
     */
    private static void defaultSubjects(Resource r, String namespace) {
        if (!r.group().equals("rbac.authorization.k8s.io") || !(r.kind().equals("RoleBinding") || r.kind().equals("ClusterRoleBinding"))
                || !(r.body().get("subjects") instanceof List<?> subjects)) {
            return;
        }
        for (Object subject : subjects) {
            if (subject instanceof java.util.Map<?, ?> s && "default".equals(s.get("name"))) {
                @SuppressWarnings("unchecked")
                java.util.Map<String, Object> m = (java.util.Map<String, Object>) s;
                m.put("namespace", namespace);
            }
        }
    }

    static void prefixSuffix(List<Resource> resources, String prefix, String suffix) {
        boolean hasPrefix = prefix != null && !prefix.isEmpty();
        boolean hasSuffix = suffix != null && !suffix.isEmpty();
        if (!hasPrefix && !hasSuffix) {
            return;
        }
        for (Resource r : resources) {
            if (FieldSpecs.BUILTIN.nameSkip.stream().anyMatch(s -> s.selects(r))) {
                continue;
            }
            if (hasPrefix) {
                r.rename(prefix + r.name());
                r.prefixes.add(prefix);
            }
            if (hasSuffix) {
                r.rename(r.name() + suffix);
                r.suffixes.add(suffix);
            }
        }
    }
}
