package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies live values into a desired object, for {@link IgnoredFields#keepLive}. List items are paired by the
 * selector itself ({@code [name=api]} selects the same item on both sides), by merge key, or else by position.
 */
final class LiveValues {

    private LiveValues() {
    }

    /** Sets, in {@code desired}, every location the selector names in {@code live} whose parent {@code desired} has. */
    static void copyPath(PathSelector selector, Map<String, Object> desired, Map<String, Object> live) {
        walk(selector.steps(), 0, desired, live);
    }

    private static void walk(List<PathSelector.Step> steps, int i, Object desired, Object live) {
        PathSelector.Step step = steps.get(i);
        for (Object child : PathSelector.children(live, step)) {
            Object liveChild = PathSelector.childOf(live, child);
            Object desiredKey = counterpart(desired, live, child, step);
            if (desiredKey == null) {
                continue;
            }
            if (i == steps.size() - 1) {
                set(desired, desiredKey, Normalizer.deepCopy(liveChild));
            } else {
                walk(steps, i + 1, PathSelector.childOf(desired, desiredKey), liveChild);
            }
        }
    }

    /** Where the live child {@code key} sits in {@code desired}: same map key; same item by selector or position. */
    private static Object counterpart(Object desired, Object live, Object key, PathSelector.Step step) {
        if (desired instanceof Map<?, ?> && live instanceof Map<?, ?>) {
            return key;
        }
        if (desired instanceof List<?> d && live instanceof List<?>) {
            int index = (Integer) key;
            if (step instanceof PathSelector.Match) {
                List<Object> same = PathSelector.children(d, step);
                return same.isEmpty() ? null : same.get(0);
            }
            return index < d.size() ? index : null;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void set(Object parent, Object key, Object value) {
        if (parent instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put((String) key, value);
        } else if (parent instanceof List<?> l) {
            ((List<Object>) l).set((Integer) key, value);
        }
    }

    /** Sets every field {@code desired} sets to its live value where the live field is owned by one of {@code managers}. */
    static void copyOwned(Map<String, Object> desired, Map<String, Object> live, Set<String> managers) {
        if (managers.isEmpty()) {
            return;
        }
        ManagedFieldsIndex index = ManagedFieldsIndex.of(live);
        Map<String, Object> liveNormalized = Normalizer.normalize(live);
        for (Difference d : StructuralDiff.compare(Normalizer.normalize(desired), liveNormalized)) {
            boolean owned = index.owners(d.path(), liveNormalized, "").stream()
                    .anyMatch(by -> managers.contains(by.manager()));
            if (owned && d.desired() != null && d.live() != null) {
                setAt(desired, d.path(), Normalizer.deepCopy(d.live()));
            }
        }
    }

    /** Sets the value at a {@link Difference} path, finding list items by merge key or position. */
    private static void setAt(Object root, List<Segment> path, Object value) {
        Object parent = root;
        for (int i = 0; i < path.size(); i++) {
            Object key = keyIn(parent, path.get(i));
            if (key == null) {
                return;
            }
            if (i == path.size() - 1) {
                set(parent, key, value);
            } else {
                parent = PathSelector.childOf(parent, key);
            }
        }
    }

    private static Object keyIn(Object parent, Segment s) {
        if (s instanceof Segment.Key k) {
            return parent instanceof Map<?, ?> ? k.name() : null;
        }
        Segment.Item item = (Segment.Item) s;
        if (!(parent instanceof List<?> list)) {
            return null;
        }
        if (item.keyField() == null) {
            return item.index() < list.size() ? item.index() : null;
        }
        PathSelector.Step byKey = new PathSelector.Match(item.keyField(), String.valueOf(item.keyValue()));
        List<Object> found = PathSelector.children(list, byKey);
        return found.isEmpty() ? null : found.get(0);
    }
}
