package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Manifest files into {@link Resource}s: {@code List} kinds expanded (as kubectl and Kustomize do: {@code kind: List}
 * or any {@code *List} kind with {@code items}), every object checked for {@code apiVersion}, {@code kind} and
 * {@code metadata.name}.
 */
final class Manifests {

    private final YamlReader reader;

    Manifests(YamlReader reader) {
        this.reader = reader;
    }

    /** The objects of one file; problems are recorded and the broken documents skipped. */
    List<Resource> read(String file, byte[] content, Problems problems) {
        List<Resource> out = new ArrayList<>();
        int counted = 0;
        for (YamlReader.Document doc : reader.read(file, content, false, problems)) {
            if (!(doc.root() instanceof Map<?, ?>)) {
                problems.error(file, doc.line(), "a manifest must be a mapping with apiVersion, kind and metadata");
                continue;
            }
            Map<String, Object> body = Values.map(doc.root());
            if (isList(body)) {
                expand(file, doc, body, problems, out);
            } else {
                add(file, doc.line(), body, problems, out);
            }
            if (reader.meter() != null) {
                for (int i = counted; i < out.size(); i++) {
                    reader.meter().object(file, out.get(i).line());
                }
            }
            counted = out.size();
        }
        return out;
    }

    private static boolean isList(Map<String, Object> body) {
        return body.get("kind") instanceof String kind && kind.endsWith("List") && body.get("items") instanceof List<?>
                && !(body.get("metadata") instanceof Map<?, ?> m && m.containsKey("name"));
    }

    private void expand(String file, YamlReader.Document doc, Map<String, Object> list, Problems problems,
                        List<Resource> out) {
        List<Object> items = Values.list(list.get("items"));
        List<Integer> lines = itemLines(doc, items);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Map<?, ?>) {
                add(file, lines.get(i), Values.map(items.get(i)), problems, out);
            } else {
                problems.error(file, lines.get(i), "item " + i + " of " + list.get("kind") + " is not an object");
            }
        }
    }

    private static List<Integer> itemLines(YamlReader.Document doc, List<Object> items) {
        List<Integer> lines = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            lines.add(doc.lines().of(items, i));
        }
        return lines;
    }

    private static void add(String file, int line, Map<String, Object> body, Problems problems, List<Resource> out) {
        String missing = missingField(body);
        if (missing != null) {
            problems.error(file, line, "object" + describe(body) + " has no " + missing);
            return;
        }
        out.add(new Resource(body, file, line));
    }

    static String missingField(Map<String, Object> body) {
        if (!(body.get("apiVersion") instanceof String a) || a.isEmpty()) {
            return "apiVersion";
        }
        if (!(body.get("kind") instanceof String k) || k.isEmpty()) {
            return "kind";
        }
        if (!(body.get("metadata") instanceof Map<?, ?> meta)) {
            return "metadata.name";
        }
        if (meta.get("name") != null && !(meta.get("name") instanceof String)) {
            return "valid metadata.name (it must be a string)";
        }
        if (!(meta.get("name") instanceof String n) || n.isEmpty()) {
            return "metadata.name";
        }
        if (meta.containsKey("namespace") && meta.get("namespace") != null && !(meta.get("namespace") instanceof String)) {
            return "valid metadata.namespace (it must be a string)";
        }
        return null;
    }

    private static String describe(Map<String, Object> body) {
        Object kind = body.get("kind");
        Object name = Values.map(body.get("metadata")).get("name");
        if (kind instanceof String k && name instanceof String n) {
            return " " + k + "/" + n;
        }
        return kind instanceof String k ? " of kind " + k : name instanceof String n ? " named " + n : "";
    }
}
