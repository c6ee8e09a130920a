package dev.plumbline.render;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * After all renames (prefix, suffix, namespace, hash suffix), carries each object's new name into the fields of
 * other objects that referred to it by any of its earlier names (table: {@code render/name-references.yaml}).
 * Candidates must be of the referral kind and, for a namespaced referrer, in its namespace (cluster-scoped objects
 * and ServiceAccounts excepted, as in Kustomize). Several candidates are narrowed to those with the referrer's
 * prefixes and suffixes; if that still leaves more than one with different names, the reference is ambiguous.
 */
final class NameReferences {

    private record Rule(String group, String version, String kind, FieldSpec referrer, String[] path) {
        boolean isReferral(Resource r) {
            return kind.equals(r.kind()) && (group == null || group.equals(r.group()))
                    && (version == null || version.equals(r.version()));
        }
    }

    private static final List<Rule> RULES = load();

    private final Problems problems;
    /** kind → any name an object of that kind ever had → those objects (a render has thousands of objects). */
    private final Map<String, Map<String, List<Resource>>> byKindAndName = new HashMap<>();

    private NameReferences(List<Resource> resources, Problems problems) {
        this.problems = problems;
        for (Resource r : resources) {
            Map<String, List<Resource>> byName = byKindAndName.computeIfAbsent(r.kind(), x -> new HashMap<>());
            for (String name : new java.util.LinkedHashSet<>(r.names())) {
                byName.computeIfAbsent(name, x -> new ArrayList<>(1)).add(r);
            }
        }
    }

    static void fix(List<Resource> resources, Problems problems) {
        NameReferences refs = new NameReferences(resources, problems);
        for (Resource referrer : resources) {
            for (Rule rule : RULES) {
                if (refs.byKindAndName.containsKey(rule.kind) && rule.referrer.selects(referrer)) {
                    FieldSpec.visit(referrer.body(), rule.path, 0, false,
                            (parent, key) -> refs.update(referrer, rule, parent, key));
                }
            }
        }
    }

    private void update(Resource referrer, Rule rule, Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof String name) {
            if (kindMatches(parent, rule)) {
                Resource target = select(referrer, rule, name, null);
                if (target != null) {
                    parent.put(key, target.name());
                }
            }
        } else if (value instanceof List<?> list) {
            List<Object> items = Values.list(list);
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof String name) {
                    Resource target = select(referrer, rule, name, null);
                    if (target != null) {
                        items.set(i, target.name());
                    }
                } else if (items.get(i) instanceof Map<?, ?> m) {
                    updateMap(referrer, rule, Values.map(m));
                }
            }
        } else if (value instanceof Map<?, ?> m) {
            updateMap(referrer, rule, Values.map(m));
        }
    }

    /** {@code {name, namespace}} references (RBAC subjects, webhook and APIService services). */
    private void updateMap(Resource referrer, Rule rule, Map<String, Object> ref) {
        if (!(ref.get("name") instanceof String name) || !kindMatches(ref, rule)) {
            return;
        }
        String namespace = Values.string(ref.get("namespace"));
        if (namespace != null && namespace.isBlank()) {
            return; // `namespace: ""` names no namespace any object is in: Kustomize leaves such a reference alone
        }
        Resource target = select(referrer, rule, name, namespace);
        if (target != null) {
            ref.put("name", target.name());
            if (target.namespace() != null) {
                ref.put("namespace", target.namespace());
            }
        }
    }

    /** Where the map holding a name also says which kind it names (roleRef, subjects), that kind must match. */
    private static boolean kindMatches(Map<String, Object> holder, Rule rule) {
        return !(holder.get("kind") instanceof String kind) || kind.equals(rule.kind);
    }

    private Resource select(Resource referrer, Rule rule, String name, String namespace) {
        List<Resource> candidates = new ArrayList<>();
        for (Resource c : byKindAndName.get(rule.kind).getOrDefault(name, List.of())) {
            if (rule.isReferral(c) && (namespace == null ? reachable(referrer, c) : c.hadId(name, namespace))) {
                candidates.add(c);
            }
        }
        if (candidates.size() > 1) {
            List<Resource> same = candidates.stream().filter(c -> c.prefixes.equals(referrer.prefixes)
                    && c.suffixes.equals(referrer.suffixes)).toList();
            candidates = same.isEmpty() ? candidates : same;
        }
        if (candidates.isEmpty()) {
            return null;
        }
        String first = candidates.get(0).name();
        if (candidates.stream().anyMatch(c -> !Objects.equals(c.name(), first))) {
            problems.error(referrer.source(), referrer.line(), referrer.id() + " refers to " + rule.kind + " " + name
                    + ", which could be any of " + String.join(", ", candidates.stream().map(Resource::id).toList()));
            return null;
        }
        return candidates.get(0);
    }

    private static boolean reachable(Resource referrer, Resource candidate) {
        if (Scopes.isBuiltinClusterScoped(referrer.group(), referrer.kind())
                || Scopes.isBuiltinClusterScoped(candidate.group(), candidate.kind())
                || candidate.kind().equals("ServiceAccount")) {
            return true;
        }
        return Resource.sameNamespace(referrer.namespace(), candidate.namespace());
    }

    private static List<Rule> load() {
        Map<String, Object> table = FieldSpecs.resource("render/name-references.yaml");
        List<FieldSpec> podSpecs = Values.list(table.get("podSpecs")).stream().map(o -> FieldSpec.of(Values.map(o)))
                .toList();
        List<Rule> rules = new ArrayList<>();
        for (Object o : Values.list(table.get("references"))) {
            Map<String, Object> ref = Values.map(o);
            Map<String, Object> referral = Values.map(ref.get("referral"));
            String group = Values.string(referral.get("group"));
            String version = Values.string(referral.get("version"));
            String kind = Values.string(referral.get("kind"));
            List<Object> kinds = ref.containsKey("podSpecKinds") ? Values.list(ref.get("podSpecKinds")) : null;
            for (Object p : Values.list(ref.get("inPodSpec"))) {
                for (FieldSpec pod : podSpecs) {
                    if (kinds != null && !kinds.contains(pod.kind())) {
                        continue;
                    }
                    FieldSpec spec = new FieldSpec(pod.group(), pod.version(), pod.kind(), pod.path() + "/" + p, false);
                    rules.add(new Rule(group, version, kind, spec, spec.segments()));
                }
            }
            for (Object f : Values.list(ref.get("fields"))) {
                FieldSpec spec = FieldSpec.of(Values.map(f));
                rules.add(new Rule(group, version, kind, spec, spec.segments()));
            }
        }
        return List.copyOf(rules);
    }
}
