package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A field location in objects of some kinds (Kustomize's "fieldSpec"): {@code path} like
 * {@code spec/template/metadata/labels}, selected by optional group / version / kind, and whether the field is
 * created when absent. A list met along the path is entered element by element.
 */
record FieldSpec(String group, String version, String kind, String path, boolean create) {

    /** True if this spec applies to objects of the given group, version and kind (unset parts match anything). */
    boolean selects(Resource r) {
        return (kind == null || kind.equals(r.kind()))
                && (group == null || group.equals(r.group()))
                && (version == null || version.equals(r.version()));
    }

    String[] segments() {
        return split(path);
    }

    static FieldSpec of(Map<String, Object> entry) {
        return new FieldSpec(Values.string(entry.get("group")), Values.string(entry.get("version")),
                Values.string(entry.get("kind")), Values.string(entry.get("path")),
                Boolean.TRUE.equals(entry.get("create")));
    }

    /**
     * {@code a/b[]/c} → [a, b[], c] ({@code []} marks a list, which is entered but never created);
     * {@code \/} escapes a slash inside a segment (annotation keys).
     */
    static String[] split(String path) {
        if (path == null || path.isEmpty()) {
            return new String[0];
        }
        List<String> out = new ArrayList<>();
        StringBuilder seg = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
                seg.append('/');
                i++;
            } else if (c == '/') {
                out.add(seg.toString());
                seg.setLength(0);
            } else {
                seg.append(c);
            }
        }
        out.add(seg.toString());
        return out.toArray(String[]::new);
    }

    /** What to do with a field found at a path: its parent map and its key. */
    interface Visitor {
        void visit(Map<String, Object> parent, String key);
    }

    /**
     * Calls {@code visitor} for every field at {@code segments} under {@code node}. Without {@code create}, only
     * fields that exist are visited; with it, missing maps on the way are created (lists never are).
     */
    static void visit(Object node, String[] segments, int index, boolean create, Visitor visitor) {
        if (node instanceof List<?> list) {
            for (Object item : list) {
                visit(item, segments, index, create, visitor);
            }
            return;
        }
        if (!(node instanceof Map<?, ?>) || index >= segments.length) {
            return;
        }
        Map<String, Object> map = Values.map(node);
        boolean isList = segments[index].endsWith("[]");
        String key = isList ? segments[index].substring(0, segments[index].length() - 2) : segments[index];
        if (index == segments.length - 1) {
            if (create || map.containsKey(key)) {
                visitor.visit(map, key);
            }
            return;
        }
        Object child = map.get(key);
        if (child == null) {
            if (!create || isList) {
                return;
            }
            child = Values.child(map, key);
        }
        visit(child, segments, index + 1, create, visitor);
    }
}
