package dev.plumbline.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Strategic merge patch, with Kubernetes' merge keys for built-in kinds ({@link MergeKeys}): maps merge, a
 * {@code null} value deletes a key, keyed lists merge item by item, other lists (and every list of a custom resource)
 * are replaced. Directives: {@code $patch: delete} (on a map value, a keyed list item, or the whole object),
 * {@code $patch: replace} (on a map, or as a list item: the list becomes the patch's list),
 * {@code $retainKeys} and {@code $deleteFromPrimitiveList/<field>}; {@code $setElementOrder/<field>} is ignored.
 * Merged lists come out in Kustomize's order: the patch's items first, then the remaining original ones. See
 * https://github.com/kubernetes/community/blob/master/contributors/devel/sig-api-machinery/strategic-merge-patch.md.
 */
final class StrategicMerge {

    static final String PATCH = "$patch";
    private static final String RETAIN = "$retainKeys";
    private static final String DELETE_FROM = "$deleteFromPrimitiveList/";

    private final MergeKeys keys;
    private final boolean builtin;
    private final String kind;

    private StrategicMerge(MergeKeys keys, String group, String kind) {
        this.keys = keys;
        this.builtin = keys.isBuiltin(group);
        this.kind = kind;
    }

    /**
     * Applies {@code patch} to {@code target} (changed in place). Returns false if the patch deletes the whole
     * object ({@code $patch: delete} at the top).
     */
    static boolean apply(Map<String, Object> target, Map<String, Object> patch, String group, String kind) {
        if ("delete".equals(patch.get(PATCH))) {
            return false;
        }
        new StrategicMerge(MergeKeys.BUILTIN, group, kind).mergeMap(target, patch, new ArrayList<>());
        return true;
    }

    /** Merges {@code patch} into {@code target}; a top-level {@code $patch: replace} swaps the content. */
    private void mergeMap(Map<String, Object> target, Map<String, Object> patch, List<String> path) {
        if ("replace".equals(patch.get(PATCH))) {
            target.clear();
            target.putAll(clean(patch));
            return;
        }
        if (patch.get(RETAIN) instanceof List<?> retain) {
            target.keySet().retainAll(new HashSet<>(retain.stream().map(String::valueOf).toList()));
        }
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(DELETE_FROM)) {
                String field = key.substring(DELETE_FROM.length());
                if (target.get(field) instanceof List<?> list) {
                    list.removeAll(Values.list(e.getValue()));
                }
            } else if (!key.startsWith("$")) {
                mergeField(target, key, e.getValue(), path);
            }
        }
    }

    private void mergeField(Map<String, Object> target, String key, Object patchValue, List<String> path) {
        Object current = target.get(key);
        if (patchValue == null) {
            target.remove(key);
        } else if (patchValue instanceof Map<?, ?> pm) {
            Map<String, Object> patchMap = Values.map(pm);
            if ("delete".equals(patchMap.get(PATCH))) {
                target.remove(key);
            } else if (current instanceof Map<?, ?> cm) {
                path.add(key);
                mergeMap(Values.map(cm), patchMap, path);
                path.remove(path.size() - 1);
            } else {
                target.put(key, clean(patchMap));
            }
        } else if (patchValue instanceof List<?> pl && current instanceof List<?> cl) {
            path.add(key);
            target.put(key, mergeList(Values.list(cl), Values.list(pl), path));
            path.remove(path.size() - 1);
        } else {
            target.put(key, clean(patchValue));
        }
    }

    private List<Object> mergeList(List<Object> current, List<Object> patch, List<String> path) {
        if (patch.stream().anyMatch(i -> i instanceof Map<?, ?> m && "replace".equals(m.get(PATCH)) && m.size() == 1)) {
            List<Object> out = new ArrayList<>();
            patch.stream().filter(i -> !(i instanceof Map<?, ?> m && m.containsKey(PATCH) && m.size() == 1))
                    .forEach(i -> out.add(clean(i)));
            return out;
        }
        String key = builtin ? keys.keyFor(kind, path) : null;
        if (key == null) {
            return Values.list(clean(patch));
        }
        return MergeKeys.SET.equals(key) ? mergeSet(current, patch) : mergeKeyed(current, patch, key, path);
    }

    private static List<Object> mergeSet(List<Object> current, List<Object> patch) {
        List<Object> out = new ArrayList<>();
        for (Object item : patch) {
            if (!out.contains(item)) {
                out.add(item);
            }
        }
        for (Object item : current) {
            if (!out.contains(item)) {
                out.add(item);
            }
        }
        return out;
    }

    private List<Object> mergeKeyed(List<Object> current, List<Object> patch, String key, List<String> path) {
        List<Object> remaining = new ArrayList<>(current);
        List<Object> out = new ArrayList<>();
        Set<Object> deleted = new HashSet<>();
        for (Object item : patch) {
            Map<String, Object> patchItem = item instanceof Map<?, ?> m ? Values.map(m) : null;
            Object id = patchItem == null ? null : patchItem.get(key);
            if (patchItem == null || id == null) {
                out.add(clean(item));
                continue;
            }
            Map<String, Object> match = take(remaining, key, id);
            if ("delete".equals(patchItem.get(PATCH))) {
                deleted.add(id);
            } else if (match != null) {
                mergeMap(match, patchItem, path);
                out.add(match);
            } else {
                out.add(clean(patchItem));
            }
        }
        for (Object item : remaining) {
            if (!(item instanceof Map<?, ?> m && deleted.contains(m.get(key)))) {
                out.add(item);
            }
        }
        return out;
    }

    private static Map<String, Object> take(List<Object> items, String key, Object id) {
        for (Iterator<Object> it = items.iterator(); it.hasNext(); ) {
            Object item = it.next();
            if (item instanceof Map<?, ?> m && Objects.equals(m.get(key), id)) {
                it.remove();
                return Values.map(m);
            }
        }
        return null;
    }

    /** A copy of a patch value with its directives removed (so the patch can be applied to several objects). */
    static Object clean(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (!((String) k).startsWith("$") && v != null) { // null means "delete": nothing to delete here
                    out.put((String) k, clean(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object item : l) {
                if (!(item instanceof Map<?, ?> m && m.containsKey(PATCH) && m.size() == 1)) {
                    out.add(clean(item));
                }
            }
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clean(Map<String, Object> value) {
        return (Map<String, Object>) clean((Object) value);
    }
}
