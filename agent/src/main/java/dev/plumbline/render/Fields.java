package dev.plumbline.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reading of one YAML mapping with file:line errors: wrong types and unknown keys are recorded in
 * {@link Problems} (and the value is then treated as absent), so a whole file is checked in one pass.
 */
final class Fields {

    private final String file;
    private final YamlReader.Lines lines;
    private final Map<String, Object> map;
    private final int line;
    private final String context;
    private final Problems problems;

    Fields(String file, YamlReader.Lines lines, Map<String, Object> map, int line, String context, Problems problems) {
        this.file = file;
        this.lines = lines;
        this.map = map;
        this.line = line;
        this.context = context;
        this.problems = problems;
    }

    int line() {
        return line;
    }

    int lineOf(String key) {
        int l = lines.of(map, key);
        return l > 0 ? l : line;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    Map<String, Object> raw() {
        return map;
    }

    /** Records an error for every key outside {@code allowed}; {@code targeted} gives a specific message per key. */
    void checkKeys(Set<String> allowed, Map<String, String> targeted) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                String message = targeted.get(key);
                problems.error(file, lineOf(key), message != null ? message
                        : "unknown field `" + key + "` in " + context);
            }
        }
    }

    void warning(String key, String message) {
        problems.warning(file, lineOf(key), message);
    }

    String file() {
        return file;
    }

    void error(String key, String message) {
        problems.error(file, lineOf(key), message);
    }

    /** An error at a line inside this object (a list item's). */
    void errorAt(int at, String message) {
        problems.error(file, at, message);
    }

    String string(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        String s = text(v);
        if (s == null) {
            error(key, "`" + key + "` in " + context + " must be a string");
        }
        return s;
    }

    Kustomization.Entry entry(String key) {
        String s = string(key);
        return s == null ? null : new Kustomization.Entry(s, lineOf(key));
    }

    Boolean bool(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        error(key, "`" + key + "` in " + context + " must be true or false");
        return null;
    }

    Long integer(String key) {
        Object v = map.get(key);
        if (v == null || v instanceof Long) {
            return (Long) v;
        }
        error(key, "`" + key + "` in " + context + " must be an integer");
        return null;
    }

    /** A list of strings, each with its line. */
    List<Kustomization.Entry> strings(String key) {
        List<Kustomization.Entry> out = new ArrayList<>();
        List<Object> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            String s = text(items.get(i));
            int l = itemLine(items, i, key);
            if (s == null) {
                problems.error(file, l, "entries of `" + key + "` in " + context + " must be strings");
            } else {
                out.add(new Kustomization.Entry(s, l));
            }
        }
        return out;
    }

    /** A map of string to string (a number or boolean value is an error, as in Kustomize; no value is ""). */
    Map<String, String> stringMap(String key) {
        Object v = map.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof Map<?, ?> m)) {
            error(key, "`" + key + "` in " + context + " must be a mapping of strings");
            return out;
        }
        m.forEach((k, value) -> {
            String s = value == null ? "" : text(value);
            if (s == null) {
                error(key, "`" + key + "." + k + "` in " + context + " must be a string");
            } else {
                out.put((String) k, s);
            }
        });
        return out;
    }

    /** A list of mappings, each as its own {@link Fields}. */
    List<Fields> objects(String key, String itemContext) {
        List<Fields> out = new ArrayList<>();
        List<Object> items = list(key);
        for (int i = 0; i < items.size(); i++) {
            int l = itemLine(items, i, key);
            if (items.get(i) instanceof Map<?, ?>) {
                out.add(new Fields(file, lines, Values.map(items.get(i)), l, itemContext, problems));
            } else {
                problems.error(file, l, "entries of `" + key + "` in " + context + " must be mappings");
            }
        }
        return out;
    }

    /** A nested mapping as {@link Fields}, or null when absent. */
    Fields object(String key, String nestedContext) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?>)) {
            error(key, "`" + key + "` in " + context + " must be a mapping");
            return null;
        }
        return new Fields(file, lines, Values.map(v), lineOf(key), nestedContext, problems);
    }

    /** The list under {@code key} (raw values), or empty; a non-list is an error. */
    List<Object> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?>)) {
            error(key, "`" + key + "` in " + context + " must be a list");
            return List.of();
        }
        return Values.list(v);
    }

    private int itemLine(List<Object> items, int i, String key) {
        int l = lines.of(items, i);
        return l > 0 ? l : lineOf(key);
    }

    /**
     * A string field's value: only a string (quoted, or plain text that does not read as a number or boolean), as
     * Kustomize's typed reading requires ({@code namePrefix: 7} is an error there, not "7").
     */
    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    static String scalarText(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return d.toString();
        }
        return null;
    }
}
