package dev.plumbline.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The field sets of {@code metadata.managedFields}, one per (manager, operation, subresource), in the FieldsV1
 * format: {@code f:<field>} a map field, {@code k:<json>} a list item by its key fields, {@code v:<json>} a set item
 * by value, {@code i:<n>} a list item by index, {@code .} the node itself; an empty map is an owned leaf.
 *
 * @see <a href="https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management">Field management</a>
 * @see <a href="https://github.com/kubernetes-sigs/structured-merge-diff/blob/master/fieldpath/serialize.go">FieldsV1 encoding</a>
 */
final class ManagedFieldsIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One managedFields entry. */
    record Entry(String manager, String operation, String subresource, String time, Map<String, Object> fields) {

        ChangedBy changedBy() {
            return new ChangedBy(manager, operation, subresource, time);
        }
    }

    private final List<Entry> entries;

    private ManagedFieldsIndex(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Index of the managedFields of a live object given as a map (before normalization strips them). */
    @SuppressWarnings("unchecked")
    static ManagedFieldsIndex of(Map<String, Object> liveObject) {
        List<Entry> entries = new ArrayList<>();
        Object meta = liveObject == null ? null : liveObject.get("metadata");
        Object managed = meta instanceof Map<?, ?> m ? m.get("managedFields") : null;
        if (managed instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && e.get("fieldsV1") instanceof Map<?, ?> fields) {
                    entries.add(new Entry(str(e.get("manager")), str(e.get("operation")), str(e.get("subresource")),
                            str(e.get("time")), (Map<String, Object>) fields));
                }
            }
        }
        return new ManagedFieldsIndex(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /**
     * The managers that own {@code path}, or else its closest owned ancestor, other than {@code self}. Empty when
     * the closest owner is {@code self} alone (a change Git made, not someone on the cluster) or nobody.
     */
    List<ChangedBy> owners(List<Segment> path, Map<String, Object> live, String self) {
        int best = 0;
        List<Entry> winners = new ArrayList<>();
        for (Entry e : entries) {
            int depth = ownedDepth(e.fields(), path, live);
            if (depth > best) {
                best = depth;
                winners.clear();
            }
            if (depth == best && depth > 0) {
                winners.add(e);
            }
        }
        return winners.stream().filter(e -> !e.manager().equals(self)).map(Entry::changedBy).distinct().toList();
    }

    /**
     * How deep along {@code path} this field set owns something: {@code path.size() + 1} when the exact node is in
     * the set, otherwise the depth of the deepest ancestor owned as a whole ({@code .} or leaf), 0 for none.
     */
    private static int ownedDepth(Map<String, Object> fields, List<Segment> path, Map<String, Object> live) {
        int owned = 0;
        Map<String, Object> node = fields;
        Object liveNode = live;
        for (int depth = 1; depth <= path.size(); depth++) {
            Segment s = path.get(depth - 1);
            Object child = child(node, s, liveNode);
            if (!(child instanceof Map<?, ?>)) {
                return owned;
            }
            node = cast(child);
            liveNode = liveChild(liveNode, s);
            if (depth == path.size()) {
                return path.size() + 1;
            }
            if (node.isEmpty() || node.containsKey(".")) {
                owned = depth;
            }
        }
        return owned;
    }

    private static Object child(Map<String, Object> node, Segment s, Object liveNode) {
        if (s instanceof Segment.Key k) {
            return node.get("f:" + k.name());
        }
        Segment.Item item = (Segment.Item) s;
        if (!item.inLive() || !(liveNode instanceof List<?> list) || item.index() >= list.size()) {
            return null;
        }
        Object value = list.get(item.index());
        for (Map.Entry<String, Object> e : node.entrySet()) {
            if (matches(e.getKey(), value, item.index())) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Whether a FieldsV1 list-item key ({@code k:}, {@code v:}, {@code i:}) names {@code value} at {@code index}. */
    static boolean matches(String key, Object value, int index) {
        try {
            if (key.startsWith("k:") && value instanceof Map<?, ?> item) {
                Map<?, ?> keyFields = JSON.readValue(key.substring(2), Map.class);
                return keyFields.entrySet().stream()
                        .allMatch(f -> StructuralDiff.same(f.getValue(), item.get(f.getKey())));
            }
            if (key.startsWith("v:")) {
                return StructuralDiff.same(JSON.readValue(key.substring(2), Object.class), value);
            }
            return key.equals("i:" + index);
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static Object liveChild(Object liveNode, Segment s) {
        if (s instanceof Segment.Key k) {
            return liveNode instanceof Map<?, ?> m ? m.get(k.name()) : null;
        }
        Segment.Item item = (Segment.Item) s;
        return liveNode instanceof List<?> l && item.inLive() && item.index() < l.size() ? l.get(item.index()) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
