package dev.plumbline.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A location pattern from {@code ignoreDifferences.paths}: an RFC 6901 JSON Pointer ({@code /spec/replicas},
 * {@code /metadata/labels/app.kubernetes.io~1name}) or a field path in merge-key form
 * ({@code spec.template.spec.containers[name=api].image}, {@code metadata.labels["app.kubernetes.io/name"]},
 * {@code spec.tolerations[0]}). {@code *} (pointer token) or {@code [*]} matches every list item or map key.
 *
 * @param steps the parsed steps
 */
public record PathSelector(String text, List<Step> steps) {

    /** One step of a selector. */
    public sealed interface Step {
    }

    /** A map key; on a list, a pointer token that is a number selects that index. */
    public record Token(String name) implements Step {
    }

    /** A list item whose {@code field} has {@code value} (compared as text). */
    public record Match(String field, String value) implements Step {
    }

    /** A list item by position. */
    public record Index(int index) implements Step {
    }

    /** Every list item or map value. */
    public record Any() implements Step {
    }

    public PathSelector {
        steps = List.copyOf(steps);
    }

    /** Parses a pointer (leading {@code /}) or a field path; {@link IllegalArgumentException} when malformed. */
    public static PathSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("ignoreDifferences path is empty");
        }
        List<Step> steps = text.startsWith("/") ? pointer(text) : FieldPathParser.parse(text);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("ignoreDifferences path '" + text + "' names the whole object");
        }
        return new PathSelector(text, steps);
    }

    private static List<Step> pointer(String text) {
        List<Step> steps = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            steps.add("*".equals(raw) ? new Any() : new Token(FieldPaths.unescape(raw)));
        }
        return steps;
    }

    /**
     * The concrete locations (map keys as String, list positions as Integer) this selector names in {@code root},
     * in document order.
     */
    public List<List<Object>> resolve(Object root) {
        List<List<Object>> out = new ArrayList<>();
        resolve(root, 0, new ArrayList<>(), out);
        return out;
    }

    private void resolve(Object node, int step, List<Object> at, List<List<Object>> out) {
        if (step == steps.size()) {
            out.add(List.copyOf(at));
            return;
        }
        for (Object child : children(node, steps.get(step))) {
            at.add(child);
            resolve(childOf(node, child), step + 1, at, out);
            at.remove(at.size() - 1);
        }
    }

    /** The keys or indices {@code s} selects in {@code node}. */
    static List<Object> children(Object node, Step s) {
        List<Object> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            if (s instanceof Token t && m.get(t.name()) != null) {
                out.add(t.name());
            } else if (s instanceof Any) {
                m.forEach((k, v) -> out.add(String.valueOf(k)));
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                if (selects(s, l.get(i), i)) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    static boolean selects(Step s, Object item, int index) {
        if (s instanceof Index ix) {
            return ix.index() == index;
        }
        if (s instanceof Token t) {
            return t.name().equals(String.valueOf(index));
        }
        if (s instanceof Match mt) {
            return item instanceof Map<?, ?> m && m.get(mt.field()) != null
                    && mt.value().equals(String.valueOf(m.get(mt.field())));
        }
        return s instanceof Any;
    }

    static Object childOf(Object node, Object key) {
        if (node instanceof Map<?, ?> m) {
            return m.get(key);
        }
        return ((List<?>) node).get((Integer) key);
    }
}
