package dev.plumbline.diff;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Spelling of locations: RFC 6901 JSON Pointers and merge-key field paths, and which lists have a merge key.
 *
 * <p>Merge keys follow the strategic-merge-patch keys of the built-in types
 * (<a href="https://kubernetes.io/docs/reference/using-api/server-side-apply/#merge-strategy">merge strategy</a>):
 * containers, env, volumes ... by {@code name}, container ports by {@code containerPort}, Service ports by
 * {@code port}, volume mounts by {@code mountPath}. Other lists are named by index.
 */
public final class FieldPaths {

    private static final Set<String> BY_NAME = Set.of("containers", "initContainers", "ephemeralContainers", "env",
            "volumes", "imagePullSecrets");
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");
    private static final Map<String, String> OTHER_KEYS = Map.of("volumeMounts", "mountPath",
            "volumeDevices", "devicePath", "hostAliases", "ip", "ownerReferences", "uid");
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private FieldPaths() {
    }

    /** The RFC 6901 pointer: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    public static String pointer(List<Segment> path) {
        StringBuilder out = new StringBuilder();
        for (Segment s : path) {
            out.append('/');
            out.append(s instanceof Segment.Key k ? escape(k.name()) : String.valueOf(((Segment.Item) s).index()));
        }
        return out.toString();
    }

    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** The merge-key form: {@code spec.template.spec.containers[name=api].image}, {@code metadata.labels["a.b/c"]}. */
    public static String field(List<Segment> path) {
        StringBuilder out = new StringBuilder();
        for (Segment s : path) {
            if (s instanceof Segment.Key k) {
                appendKey(out, k.name());
            } else {
                Segment.Item item = (Segment.Item) s;
                out.append('[').append(item.keyField() == null
                        ? String.valueOf(item.index()) : item.keyField() + "=" + item.keyValue()).append(']');
            }
        }
        return out.toString();
    }

    private static void appendKey(StringBuilder out, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            out.append(out.isEmpty() ? "" : ".").append(key);
        } else {
            out.append("[\"").append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        }
    }

    /**
     * The merge key of the list at {@code path} (whose last segment is the list's own field name), or {@code null}
     * when its items are named by index.
     */
    public static String mergeKey(List<Segment> path) {
        if (path.isEmpty() || !(path.get(path.size() - 1) instanceof Segment.Key list)) {
            return null;
        }
        String name = list.name();
        if (BY_NAME.contains(name)) {
            return "name";
        }
        if ("ports".equals(name)) {
            return insideContainer(path) ? "containerPort" : "port";
        }
        return OTHER_KEYS.get(name);
    }

    /** Whether the list at {@code path} is a field of a container item ({@code ...containers[name=x].ports}). */
    private static boolean insideContainer(List<Segment> path) {
        int n = path.size();
        return n >= 3 && path.get(n - 2) instanceof Segment.Item
                && path.get(n - 3) instanceof Segment.Key k && CONTAINER_LISTS.contains(k.name());
    }
}
