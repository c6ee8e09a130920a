package dev.plumbline.diff;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Structural comparison of two JSON-like trees (maps, lists, scalars). Both sides are expected to come from the API
 * server (the dry-run answer and the live object), so no defaulting or quantity normalization happens here: the
 * server already did it.
 *
 * <p>Differences are reported at the leaves, or at the smallest subtree present on one side only. Lists with a merge
 * key ({@link FieldPaths#mergeKey}) are aligned by it, so a reordered list is no difference; lists of maps without
 * one are compared by index; lists of scalars are compared as a whole (they are atomic in server-side apply, except
 * a few sets like finalizers, where one change naming the whole list reads better than one per index).
 */
final class StructuralDiff {

    private final List<Difference> out = new ArrayList<>();

    private StructuralDiff() {
    }

    /** The differences between {@code desired} and {@code live}, in the live object's field order. */
    static List<Difference> compare(Map<String, Object> desired, Map<String, Object> live) {
        StructuralDiff diff = new StructuralDiff();
        diff.walk(new ArrayList<>(), desired, live);
        return diff.out;
    }

    /** Deep equality where numbers compare by value ({@code 1} equals {@code 1L} and {@code 1.0}). */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Set<Object> keys = present(x);
            return keys.equals(present(y)) && keys.stream().allMatch(k -> same(x.get(k), y.get(k)));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Keys with a non-null value: JSON {@code null} and an absent key mean the same to the API server. */
    private static Set<Object> present(Map<?, ?> m) {
        Set<Object> keys = new LinkedHashSet<>();
        m.forEach((k, v) -> {
            if (v != null) {
                keys.add(k);
            }
        });
        return keys;
    }

    @SuppressWarnings("unchecked")
    private void walk(List<Segment> path, Object desired, Object live) {
        if (same(desired, live)) {
            return;
        }
        if (desired instanceof Map<?, ?> d && live instanceof Map<?, ?> l) {
            walkMap(path, (Map<String, Object>) d, (Map<String, Object>) l);
        } else if (desired instanceof List<?> d && live instanceof List<?> l && !(scalars(d) && scalars(l))) {
            walkList(path, (List<Object>) d, (List<Object>) l);
        } else {
            out.add(new Difference(path, desired, live));
        }
    }

    private void walkMap(List<Segment> path, Map<String, Object> desired, Map<String, Object> live) {
        Set<String> keys = new LinkedHashSet<>(live.keySet());
        keys.addAll(desired.keySet());
        for (String key : keys) {
            walk(append(path, new Segment.Key(key)), desired.get(key), live.get(key));
        }
    }

    private void walkList(List<Segment> path, List<Object> desired, List<Object> live) {
        String key = FieldPaths.mergeKey(path);
        if (key != null && keyed(desired, key) && keyed(live, key)) {
            walkKeyedList(path, key, desired, live);
            return;
        }
        for (int i = 0; i < Math.max(desired.size(), live.size()); i++) {
            Object d = i < desired.size() ? desired.get(i) : null;
            Object l = i < live.size() ? live.get(i) : null;
            walk(append(path, new Segment.Item(i, null, null, i < live.size())), d, l);
        }
    }

    private void walkKeyedList(List<Segment> path, String key, List<Object> desired, List<Object> live) {
        Map<Object, Integer> desiredIndex = new HashMap<>();
        for (int i = 0; i < desired.size(); i++) {
            desiredIndex.put(keyOf(desired.get(i), key), i);
        }
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < live.size(); i++) {
            Object k = keyOf(live.get(i), key);
            seen.add(k);
            Integer d = desiredIndex.get(k);
            walk(append(path, new Segment.Item(i, key, k, true)), d == null ? null : desired.get(d), live.get(i));
        }
        for (int i = 0; i < desired.size(); i++) {
            Object k = keyOf(desired.get(i), key);
            if (!seen.contains(k)) {
                walk(append(path, new Segment.Item(i, key, k, false)), desired.get(i), null);
            }
        }
    }

    /** Every item is a map with a distinct, non-null value for {@code key}. */
    private static boolean keyed(List<Object> items, String key) {
        Set<Object> values = new HashSet<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m) || m.get(key) == null || !values.add(keyOf(item, key))) {
                return false;
            }
        }
        return true;
    }

    /** Key values compare as text, so {@code 8080} read as Integer on one side and Long on the other still match. */
    private static Object keyOf(Object item, String key) {
        return String.valueOf(((Map<?, ?>) item).get(key));
    }

    private static boolean scalars(List<?> items) {
        return items.stream().noneMatch(i -> i instanceof Map || i instanceof List);
    }

    private static List<Segment> append(List<Segment> path, Segment s) {
        List<Segment> next = new ArrayList<>(path.size() + 1);
        next.addAll(path);
        next.add(s);
        return next;
    }
}
