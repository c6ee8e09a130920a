package dev.plumbline.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kustomize's {@code vars} (deprecated, still widespread), with its semantics: each kustomization level, after its
 * own transformers, ties each of its vars to the one object its {@code objref} names (group, version and kind
 * compared exactly, the name and namespace against any name the object has had); once at the top, after hash
 * suffixes and name references, every {@code $(NAME)} in the var-reference fields (the {@code varReference} table of
 * {@code kustomize-fieldspecs.yaml}) becomes the value at the var's {@code fieldref.fieldpath}
 * (default {@code metadata.name}) of that object as it is then. A field that is exactly {@code $(NAME)} takes the
 * value with its type; {@code $$} is a literal {@code $}; an unknown {@code $(NAME)} stays as written. As Kustomize,
 * a var name defined twice, an objref matching no object or several, and a fieldpath that is not there are errors.
 */
final class Vars {

    private static final Set<String> OBJREF = Set.of("group", "version", "kind", "name", "namespace", "apiVersion");

    private final Problems problems;
    /** Every var declared in the build so far, by name (Kustomize resolves them in name order). */
    private final Map<String, Kustomization.Var> declared = new TreeMap<>();
    /** The object each var was tied to when its kustomization built. */
    private final Map<String, Resource> tiedTo = new LinkedHashMap<>();

    Vars(Problems problems) {
        this.problems = problems;
    }

    /** The {@code vars} field; a warning that Kustomize deprecated it, as {@code kubectl kustomize} prints. */
    static List<Kustomization.Var> parse(Fields f) {
        List<Kustomization.Var> out = new ArrayList<>();
        if (f.has("vars")) {
            f.warning("vars", "`vars` is deprecated by Kustomize; prefer `replacements`");
        }
        for (Fields v : f.objects("vars", "a var")) {
            v.checkKeys(Set.of("name", "objref", "fieldref"), Map.of());
            String name = v.string("name");
            Fields ref = v.object("objref", "a var's objref");
            if (name == null || name.isEmpty()) {
                v.error("", "a var needs a name");
                continue;
            } else if (ref == null) {
                v.error("", "var " + name + " needs an objref (kind, name and apiVersion of the object it reads)");
                continue;
            }
            ref.checkKeys(OBJREF, Map.of());
            Fields fieldref = v.object("fieldref", "a var's fieldref");
            String fieldPath = null;
            if (fieldref != null) {
                fieldref.checkKeys(Set.of("fieldpath"), Map.of());
                fieldPath = fieldref.string("fieldpath");
            }
            String group = ref.string("group");
            String version = ref.string("version");
            String apiVersion = ref.string("apiVersion");
            if (apiVersion != null && !apiVersion.isEmpty()) { // as Kustomize's Target.GVK(): apiVersion wins
                int slash = apiVersion.indexOf('/');
                group = slash < 0 ? group : apiVersion.substring(0, slash);
                version = apiVersion.substring(slash + 1);
            }
            out.add(new Kustomization.Var(name, group == null ? "" : group, version == null ? "" : version,
                    ref.string("kind"), ref.string("name"), ref.string("namespace"),
                    fieldPath == null || fieldPath.isEmpty() ? "metadata.name" : fieldPath, f.file(), v.line()));
        }
        return out;
    }

    /** Ties the vars of {@code k} to their objects among {@code resources} (everything this level built). */
    void declare(Kustomization k, List<Resource> resources) {
        for (Kustomization.Var v : k.vars()) {
            Kustomization.Var first = declared.putIfAbsent(v.name(), v);
            if (first != null) {
                problems.error(v.file(), v.line(), "var " + v.name() + " is defined twice (first at " + first.file()
                        + ":" + first.line() + "); Kustomize refuses a var name already encountered");
                continue;
            }
            List<Resource> matched = resources.stream().filter(r -> names(v, r)).toList();
            if (matched.size() > 1) {
                problems.error(v.file(), v.line(), "var " + v.name() + ": objref " + v.describe() + " matches "
                        + matched.size() + " objects (" + String.join(", ", matched.stream().map(Resource::toString)
                        .toList()) + "); give objref.namespace");
            } else if (matched.isEmpty()) {
                problems.error(v.file(), v.line(), "var " + v.name() + ": objref " + v.describe() + " matches no "
                        + "object of the build (apiVersion, kind and name must match exactly)");
            } else {
                tiedTo.put(v.name(), matched.get(0));
            }
        }
    }

    /** Kustomize's MergeVars match: exact group/version/kind, any name (and namespace, when given) the object had. */
    private static boolean names(Kustomization.Var v, Resource r) {
        if (!v.group().equals(r.group()) || !v.version().equals(r.version()) || !java.util.Objects.equals(v.kind(),
                r.kind()) || v.objName() == null) {
            return false;
        }
        boolean anyNamespace = (v.namespace() == null || v.namespace().isEmpty())
                && !Scopes.isBuiltinClusterScoped(r.group(), r.kind());
        return r.hadId(v.objName(), anyNamespace ? null : v.namespace() == null ? "" : v.namespace());
    }

    /** Replaces {@code $(NAME)} in every var-reference field of {@code resources} (once, at the top). */
    void resolve(List<Resource> resources) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Kustomization.Var v : declared.values()) {
            Resource source = tiedTo.get(v.name());
            if (source != null) {
                Object value = value(v, source);
                if (value != null) {
                    values.put(v.name(), value);
                }
            }
        }
        if (values.isEmpty() || problems.hasErrors()) {
            return;
        }
        for (Resource r : resources) {
            for (FieldSpec spec : FieldSpecs.BUILTIN.varReference) {
                if (spec.selects(r)) {
                    FieldSpec.visit(r.body(), spec.segments(), 0, false,
                            (parent, key) -> parent.put(key, replaced(parent.get(key), values)));
                }
            }
        }
    }

    /** The scalar at the var's fieldpath, or null (recorded) when absent or not a scalar. */
    private Object value(Kustomization.Var v, Resource source) {
        Object value = lookup(source.body(), v.fieldPath());
        if (value == null) {
            problems.error(v.file(), v.line(), "var " + v.name() + ": field " + v.fieldPath() + " not found in "
                    + source);
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problems.error(v.file(), v.line(), "var " + v.name() + ": field " + v.fieldPath() + " of " + source
                    + " is a " + (value instanceof Map<?, ?> ? "mapping" : "list") + ", not a scalar");
            return null;
        }
        return value;
    }

    /**
     * The value at a kyaml field path, or null: segments split at every dot, {@code name[N]} is {@code name} then
     * index N, a number indexes a list, {@code [k=v]} selects a list item; anything else is a mapping key (so
     * {@code containers[name=x]} is a key, found nowhere, as in Kustomize).
     */
    static Object lookup(Object node, String fieldPath) {
        for (String seg : fieldPath.split("\\.", -1)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*)\\[(\\d+)]$").matcher(seg);
            List<String> parts = !m.matches() ? List.of(seg)
                    : m.group(1).isEmpty() ? List.of(m.group(2)) : List.of(m.group(1), m.group(2));
            for (String part : parts) {
                node = child(node, part);
            }
        }
        return node;
    }

    private static Object child(Object node, String seg) {
        if (node instanceof Map<?, ?> map) {
            return map.get(seg);
        }
        if (node instanceof List<?> list && seg.matches("\\d+")) {
            int i = Integer.parseInt(seg);
            return i < list.size() ? list.get(i) : null;
        }
        if (node instanceof List<?> list && seg.startsWith("[") && seg.endsWith("]") && seg.contains("=")) {
            String[] kv = seg.substring(1, seg.length() - 1).split("=", 2);
            return list.stream().filter(e -> e instanceof Map<?, ?> item && kv[1].equals(Fields.scalarText(item.get(kv[0]))))
                    .findFirst().orElse(null);
        }
        return null;
    }

    /** As Kustomize's refvar: strings expanded; in a list or mapping, each string element or value. */
    private static Object replaced(Object field, Map<String, Object> values) {
        if (field instanceof String s) {
            return expand(s, values);
        }
        if (field instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(e -> out.add(e instanceof String s ? expand(s, values) : e));
            return out;
        }
        if (field instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, e) -> out.put((String) k, e instanceof String s ? expand(s, values) : e));
            return out;
        }
        return field;
    }

    /**
     * Kubernetes' {@code $(VAR)} expansion as Kustomize uses it: {@code $$} → {@code $}, an unknown or unclosed
     * reference kept, a string that is exactly one reference keeps the value's type.
     */
    static Object expand(String input, Map<String, Object> values) {
        StringBuilder out = new StringBuilder();
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
                continue;
            }
            out.append(input, checkpoint, cursor);
            char next = input.charAt(cursor + 1);
            int advance = 1;
            if (next == '$') {
                out.append('$');
            } else if (next == '(' && input.indexOf(')', cursor + 2) > 0) {
                int close = input.indexOf(')', cursor + 2);
                String name = input.substring(cursor + 2, close);
                Object value = values.get(name);
                if (value != null && input.equals("$(" + name + ")")) {
                    return value;
                }
                out.append(value != null ? text(value) : "$(" + name + ")");
                advance = close - cursor;
            } else {
                out.append('$').append(next);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return out.append(input.substring(checkpoint)).toString();
    }

    private static String text(Object value) {
        String s = Fields.scalarText(value);
        return s != null ? s : String.valueOf(value);
    }
}
