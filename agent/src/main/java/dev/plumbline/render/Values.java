package dev.plumbline.render;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Helpers for the plain-Java shape of Kubernetes objects (maps, lists, String/Long/Double/Boolean/null). */
final class Values {

    private Values() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    /** The map under {@code key}, created (and put) when absent or not a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    /** A mutable deep copy (the one deep copy of object trees, {@link dev.plumbline.kube.Normalizer#deepCopy}). */
    static Object copy(Object value) {
        return dev.plumbline.kube.Normalizer.deepCopy(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<String, Object> value) {
        return (Map<String, Object>) copy(value);
    }

    /** A deep-immutable view; already frozen values are returned as they are, anything else is copied once. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> freeze(Map<String, Object> body) {
        return (Map<String, Object>) freezeValue(body);
    }

    private static Object freezeValue(Object value) {
        if (value instanceof FrozenMap || value instanceof FrozenList) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            LinkedHashMap<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            m.forEach((k, v) -> out.put(String.valueOf(k), freezeValue(v)));
            return new FrozenMap(out);
        }
        if (value instanceof List<?> l) {
            Object[] out = new Object[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = freezeValue(l.get(i));
            }
            return new FrozenList(out);
        }
        return value;
    }

    /** Read-only map that keeps insertion order; equal to any map with the same entries. */
    private static final class FrozenMap extends AbstractMap<String, Object> {
        private final Map<String, Object> delegate;
        private final Set<Entry<String, Object>> entries;

        FrozenMap(LinkedHashMap<String, Object> delegate) {
            this.delegate = delegate;
            this.entries = Collections.unmodifiableMap(delegate).entrySet();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return entries;
        }

        @Override
        public Object get(Object key) {
            return delegate.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return delegate.containsKey(key);
        }

        @Override
        public int size() {
            return delegate.size();
        }
    }

    /** Read-only list; equal to any list with the same elements. */
    private static final class FrozenList extends AbstractList<Object> implements java.util.RandomAccess {
        private final Object[] items;

        FrozenList(Object[] items) {
            this.items = items;
        }

        @Override
        public Object get(int index) {
            return items[index];
        }

        @Override
        public int size() {
            return items.length;
        }
    }
}
