package dev.plumbline.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The list-merge table of {@code render/merge-keys.yaml}: which lists of built-in objects merge, and by what key. */
final class MergeKeys {

    static final MergeKeys BUILTIN = new MergeKeys(FieldSpecs.resource("render/merge-keys.yaml"));

    /** Merge a list of scalars as a set (e.g. {@code metadata.finalizers}). */
    static final String SET = "$value";

    private record Rule(String[] tail, String key, Set<String> kinds) {
    }

    private final Set<String> builtinGroups;
    private final List<Rule> rules = new ArrayList<>();

    private MergeKeys(Map<String, Object> table) {
        builtinGroups = new HashSet<>();
        Values.list(table.get("builtinGroups")).forEach(g -> builtinGroups.add(g == null ? "" : g.toString()));
        for (Object o : Values.list(table.get("lists"))) {
            Map<String, Object> rule = Values.map(o);
            List<Object> kinds = Values.list(rule.get("kinds"));
            rules.add(new Rule(Values.string(rule.get("field")).split("\\."), Values.string(rule.get("key")),
                    kinds.isEmpty() ? null : Set.copyOf(kinds.stream().map(Object::toString).toList())));
        }
    }

    /** True for objects of Kubernetes' own API groups; custom resources have no merge keys (lists are replaced). */
    boolean isBuiltin(String group) {
        return builtinGroups.contains(group);
    }

    /**
     * The merge key for the list at {@code path} (field names from the object root, list positions left out) in an
     * object of {@code kind}, {@link #SET} for a set of scalars, or null when the list is replaced.
     */
    String keyFor(String kind, List<String> path) {
        Rule best = null;
        for (Rule rule : rules) {
            if ((rule.kinds == null || rule.kinds.contains(kind)) && endsWith(path, rule.tail)
                    && (best == null || rule.tail.length > best.tail.length)) {
                best = rule;
            }
        }
        return best == null ? null : best.key;
    }

    private static boolean endsWith(List<String> path, String[] tail) {
        if (tail.length > path.size()) {
            return false;
        }
        for (int i = 0; i < tail.length; i++) {
            if (!path.get(path.size() - tail.length + i).equals(tail[i])) {
                return false;
            }
        }
        return true;
    }
}
