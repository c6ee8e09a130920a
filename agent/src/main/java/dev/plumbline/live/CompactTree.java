package dev.plumbline.live;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only JSON-like map in one array ({@code key0, value0, key1, value1, ...}), insertion order kept: the compact
 * form of the watch cache's {@code fieldsV1} trees (docs/decisions/0046). Jackson's {@code LinkedHashMap} costs
 * ~56 bytes per map, a 16-slot table once it has an entry and 40 bytes per entry; a {@code fieldsV1} tree is mostly
 * maps of one entry and empty leaves ({@code {"f:replicas": {}}}), so this form is a third of the size, and every empty
 * map is the one {@link Map#of()}. Equal ({@link AbstractMap#equals}) to the map it was built from, and serialized to
 * the same JSON in the same order.
 */
final class CompactTree extends AbstractMap<String, Object> {

    /** Up to this many entries a lookup scans the keys; larger maps (a big ConfigMap's data) keep a hash table. */
    static final int LINEAR = 16;

    private final Object[] entries;

    private CompactTree(Object[] entries) {
        this.entries = entries;
    }

    /**
     * The compact, read-only copy of a JSON-like value: maps become {@link CompactTree}s (empty ones {@link Map#of()}),
     * lists read-only lists, other scalars stay. Keys and text values are interned: a tree's keys ({@code f:spec},
     * {@code k:{"name":"app"}}) and most of its text ({@code TCP}, an image) repeat across every object of a kind;
     * an interned string no object refers to any more is collected like any other.
     */
    static Object of(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return Map.of();
            }
            if (map.size() > LINEAR) {
                return large(map);
            }
            Object[] entries = new Object[map.size() * 2];
            int i = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                entries[i++] = String.valueOf(e.getKey()).intern();
                entries[i++] = of(e.getValue());
            }
            return new CompactTree(entries);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(CompactTree::of).toList();
        }
        return value instanceof String text ? text.intern() : value;
    }

    private static Map<String, Object> large(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(map.size() * 4 / 3 + 1);
        map.forEach((k, v) -> copy.put(String.valueOf(k).intern(), of(v)));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public int size() {
        return entries.length / 2;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i + 1];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < entries.length; i += 2) {
            if (entries[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, Object> e = new SimpleImmutableEntry<>((String) entries[next], entries[next + 1]);
                        next += 2;
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return entries.length / 2;
            }
        };
    }
}
