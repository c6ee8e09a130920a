package dev.plumbline.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Kustomize's {@code replacements}, run last among a kustomization's transformers (after images): the value at the
 * source's {@code fieldPath} (default {@code metadata.name}) of the one object the source selects is copied into
 * each selected target's {@code fieldPaths}. Selectors match exactly (not as regexes), on any name or namespace the
 * object has had in this build. Field paths are dot-separated: a map key, a list index, {@code [key=value]} (the list
 * element whose field has that value) or {@code *} (every list element).
 * A {@code path:} file holds a list of replacements or a single one. Options: {@code delimiter} + {@code index} take
 * or replace one part of a delimited string (a target index past the end appends a part, a negative one prepends);
 * {@code create} makes missing target fields (a {@code [key=value]} element is appended).
 * A source selecting nothing or several objects, a missing source field, a missing target field without
 * {@code create} or a source index out of range is an error at the replacement's line.
 */
final class Replacements {

    private final Kustomization k;
    private final KustomizeBuilder loader;
    private final YamlReader reader;
    private final Problems problems;

    Replacements(Kustomization k, KustomizeBuilder loader, YamlReader reader, Problems problems) {
        this.k = k;
        this.loader = loader;
        this.reader = reader;
        this.problems = problems;
    }

    void apply(List<Resource> resources) {
        for (Kustomization.ReplacementEntry entry : k.replacements()) {
            for (Replacement r : expand(entry)) {
                apply(resources, r);
            }
        }
    }

    /** A replacement with where to report its problems. */
    private record Replacement(Kustomization.Replacement spec, String file) {
    }

    private List<Replacement> expand(Kustomization.ReplacementEntry entry) {
        if (entry.replacement() != null) {
            return List.of(new Replacement(entry.replacement(), k.file()));
        }
        Patches.LoadedFile file = loader.load(k, entry.path(), entry.line());
        if (file == null) {
            return List.of();
        }
        List<Replacement> out = new ArrayList<>();
        for (YamlReader.Document doc : reader.read(file.path(), file.content(), true, problems)) {
            // Kustomize reads a list of replacements or a single one
            boolean single = doc.root() instanceof Map<?, ?>;
            if (!single && !(doc.root() instanceof List<?>)) {
                problems.error(file.path(), doc.line(), "a replacements file holds a list of replacements");
                continue;
            }
            List<?> items = single ? List.of(doc.root()) : (List<?>) doc.root();
            for (int i = 0; i < items.size(); i++) {
                int line = single ? doc.line() : doc.lines().of(items, i);
                if (!(items.get(i) instanceof Map<?, ?> item)) {
                    problems.error(file.path(), line, "a replacement must be an object");
                    continue;
                }
                Fields f = new Fields(file.path(), doc.lines(), Values.map(item), line, "a replacement", problems);
                Kustomization.Replacement r = ReplacementParser.replacement(f);
                if (r != null) {
                    out.add(new Replacement(r, file.path()));
                }
            }
        }
        return out;
    }

    private void apply(List<Resource> resources, Replacement r) {
        Kustomization.Replacement spec = r.spec();
        List<Resource> sources = resources.stream().filter(exact(spec.source())::matches).toList();
        if (sources.size() != 1) {
            problems.error(r.file(), spec.line(), "replacement source " + spec.source().describe() + (sources.isEmpty()
                    ? " selects nothing" : " selects " + sources.size() + " objects: "
                    + String.join(", ", sources.stream().map(Resource::id).toList())));
            return;
        }
        Resource source = sources.get(0);
        List<Object> found = FieldPath.parse(spec.fieldPath()).find(source.body());
        if (found.size() != 1) {
            problems.error(r.file(), spec.line(), "replacement source " + source.id() + ": fieldPath `"
                    + spec.fieldPath() + "` is " + (found.isEmpty() ? "missing" : "not one field"));
            return;
        }
        Object value = found.get(0);
        Kustomization.ReplacementOptions o = spec.options();
        if (o.delimiter() != null && !o.delimiter().isEmpty()) {
            String[] parts = String.valueOf(value).split(Pattern.quote(o.delimiter()), -1);
            if (o.index() < 0 || o.index() >= parts.length) {
                problems.error(r.file(), spec.line(), "replacement source " + source.id() + ": options.index "
                        + o.index() + " is out of bounds for value " + value);
                return;
            }
            value = parts[o.index()];
        }
        for (Kustomization.ReplacementTarget target : spec.targets()) {
            TargetSelector select = exact(target.select());
            List<TargetSelector> reject = target.reject().stream().map(Replacements::exact).toList();
            for (Resource res : resources) {
                if (select.matches(res) && reject.stream().noneMatch(x -> x.matches(res))) {
                    for (String path : target.fieldPaths()) {
                        if (!FieldPath.parse(path).set(res.body(), value, target.options())) {
                            problems.error(r.file(), target.line(), "unable to find field `" + path
                                    + "` in replacement target " + res.id() + " (options.create adds it)");
                        }
                    }
                }
            }
        }
    }

    /** Replacement selectors match exactly: each set part as a quoted pattern. */
    private static TargetSelector exact(Kustomization.Target t) {
        return TargetSelector.of(new Kustomization.Target(quote(t.group()), quote(t.version()), quote(t.kind()),
                quote(t.name()), quote(t.namespace()), t.labelSelector(), t.annotationSelector()));
    }

    private static String quote(String s) {
        return s == null || s.isEmpty() ? s : Pattern.quote(s);
    }

    /** A parsed field path. */
    record FieldPath(List<String> segments) {

        static FieldPath parse(String path) {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            int depth = 0;
            for (char c : path.toCharArray()) {
                if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                }
                if (c == '.' && depth == 0) {
                    out.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(c);
                }
            }
            out.add(current.toString());
            return new FieldPath(out);
        }

        List<Object> find(Object root) {
            List<Object> out = new ArrayList<>();
            walk(root, 0, out);
            return out;
        }

        private void walk(Object node, int i, List<Object> out) {
            if (i == segments.size()) {
                out.add(node);
                return;
            }
            for (Object child : children(node, segments.get(i))) {
                walk(child, i + 1, out);
            }
        }

        /** Sets every match; false when the path leads nowhere (and {@code create} is off or cannot help). */
        boolean set(Map<String, Object> root, Object value, Kustomization.ReplacementOptions options) {
            return set(root, 0, value, options);
        }

        @SuppressWarnings("unchecked")
        private boolean set(Object node, int i, Object value, Kustomization.ReplacementOptions options) {
            String seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (node instanceof Map<?, ?> m && !seg.equals("*") && !isSelector(seg)) {
                Map<String, Object> map = (Map<String, Object>) m;
                if (seg.startsWith("[")) {
                    return false; // Kustomize: a bracketed element must read [field=value]
                }
                String key = seg;
                if (last) {
                    if (!map.containsKey(key) && !options.create()) {
                        return false;
                    }
                    map.put(key, joined(map.get(key), value, options));
                    return true;
                }
                if (!map.containsKey(key) || map.get(key) == null) {
                    if (!options.create()) {
                        return false;
                    }
                    map.put(key, isSelector(segments.get(i + 1)) ? new ArrayList<>() : new LinkedHashMap<>());
                }
                return set(map.get(key), i + 1, value, options);
            }
            if (node instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                List<Integer> indexes = indexes(list, seg);
                if (indexes.isEmpty() && isSelector(seg) && options.create()) {
                    Map<String, Object> element = new LinkedHashMap<>();
                    String[] kv = seg.substring(1, seg.length() - 1).split("=", 2);
                    element.put(kv[0], kv[1]);
                    list.add(element);
                    indexes = List.of(list.size() - 1);
                }
                if (indexes.isEmpty()) {
                    return false;
                }
                boolean all = true;
                for (int index : indexes) {
                    if (last) {
                        list.set(index, joined(list.get(index), value, options));
                    } else {
                        all &= set(list.get(index), i + 1, value, options);
                    }
                }
                return all;
            }
            return false;
        }

        private static Object joined(Object current, Object value, Kustomization.ReplacementOptions options) {
            if (options.delimiter() == null || options.delimiter().isEmpty()) {
                return Values.copy(value);
            }
            List<String> parts = new ArrayList<>(List.of((current == null ? "" : String.valueOf(current))
                    .split(Pattern.quote(options.delimiter()), -1)));
            if (options.index() < 0) {
                parts.add(0, String.valueOf(value)); // as Kustomize: a negative index prepends
            } else if (options.index() < parts.size()) {
                parts.set(options.index(), String.valueOf(value));
            } else {
                parts.add(String.valueOf(value)); // as Kustomize: past the end appends
            }
            return String.join(options.delimiter(), parts);
        }

        private static boolean isSelector(String seg) {
            return seg.startsWith("[") && seg.endsWith("]") && seg.contains("=");
        }

        private static List<Object> children(Object node, String seg) {
            if (node instanceof Map<?, ?> m) {
                String key = seg;
                return !seg.startsWith("[") && m.containsKey(key) ? java.util.Collections.singletonList(m.get(key)) : List.of();
            }
            if (node instanceof List<?> list) {
                return indexes(list, seg).stream().map(i -> (Object) list.get(i)).toList();
            }
            return List.of();
        }

        private static List<Integer> indexes(List<?> list, String seg) {
            List<Integer> out = new ArrayList<>();
            if (seg.equals("*")) {
                for (int i = 0; i < list.size(); i++) {
                    out.add(i);
                }
            } else if (isSelector(seg)) {
                String[] kv = seg.substring(1, seg.length() - 1).split("=", 2);
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) instanceof Map<?, ?> m && kv[1].equals(Fields.scalarText(m.get(kv[0])))) {
                        out.add(i);
                    }
                }
            } else if (seg.matches("\\d+") && Integer.parseInt(seg) < list.size()) {
                out.add(Integer.parseInt(seg));
            }
            return out;
        }
    }
}
