package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 6902 JSON Patch ({@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy}, {@code test}) over
 * the plain-Java object shape, with RFC 6901 pointers ({@code ~1} = {@code /}, {@code ~0} = {@code ~}, {@code -} =
 * past the end of a list). Any failing operation fails the patch, as in Kustomize.
 */
final class JsonPatch {

    /** A failed operation; the message names the operation and the path. */
    static final class PatchException extends Exception {
        PatchException(String message) {
            super(message, null, false, false);
        }
    }

    private JsonPatch() {
    }

    /** Checks the shape of the operations before anything is applied. */
    static void validate(List<Object> ops) throws PatchException {
        for (int i = 0; i < ops.size(); i++) {
            Map<String, Object> op = Values.map(ops.get(i));
            String name = Values.string(op.get("op"));
            if (!(ops.get(i) instanceof Map<?, ?>) || name == null) {
                throw new PatchException("operation " + i + " needs an `op`");
            }
            if (!List.of("add", "remove", "replace", "move", "copy", "test").contains(name)) {
                throw new PatchException("operation " + i + ": unknown op `" + name + "`");
            }
            if (!(op.get("path") instanceof String)) {
                throw new PatchException("operation " + i + " (" + name + ") needs a `path`");
            }
            if ((name.equals("move") || name.equals("copy")) && !(op.get("from") instanceof String)) {
                throw new PatchException("operation " + i + " (" + name + ") needs a `from`");
            }
            if (List.of("add", "replace", "test").contains(name) && !op.containsKey("value")) {
                throw new PatchException("operation " + i + " (" + name + ") needs a `value`");
            }
        }
    }

    /** Applies the operations in order to {@code root} (changed in place). */
    static void apply(Map<String, Object> root, List<Object> ops) throws PatchException {
        for (Object o : ops) {
            Map<String, Object> op = Values.map(o);
            String name = (String) op.get("op");
            String path = (String) op.get("path");
            try {
                switch (name) {
                    case "add" -> add(root, path, Values.copy(op.get("value")));
                    case "remove" -> remove(root, path);
                    case "replace" -> {
                        remove(root, path);
                        add(root, path, Values.copy(op.get("value")));
                    }
                    case "move" -> {
                        Object value = get(root, (String) op.get("from"));
                        remove(root, (String) op.get("from"));
                        add(root, path, value);
                    }
                    case "copy" -> add(root, path, Values.copy(get(root, (String) op.get("from"))));
                    case "test" -> {
                        if (!Objects.equals(get(root, path), op.get("value"))) {
                            throw new PatchException("value differs");
                        }
                    }
                    default -> throw new PatchException("unknown op");
                }
            } catch (PatchException e) {
                throw new PatchException(name + " " + path + " failed: " + e.getMessage());
            }
        }
    }

    static List<String> parse(String pointer) throws PatchException {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new PatchException("a JSON pointer starts with /");
        }
        List<String> out = new ArrayList<>();
        for (String token : pointer.substring(1).split("/", -1)) {
            out.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    static Object get(Map<String, Object> root, String pointer) throws PatchException {
        Object node = root;
        for (String token : parse(pointer)) {
            node = child(node, token);
        }
        return node;
    }

    private static Object child(Object node, String token) throws PatchException {
        if (node instanceof Map<?, ?> m) {
            if (!m.containsKey(token)) {
                throw new PatchException("no field " + token);
            }
            return m.get(token);
        }
        if (node instanceof List<?> l) {
            int index = index(token, l.size(), false);
            return l.get(index);
        }
        throw new PatchException(token + " is inside a value that is neither a map nor a list");
    }

    private static void add(Map<String, Object> root, String pointer, Object value) throws PatchException {
        List<String> tokens = parse(pointer);
        if (tokens.isEmpty()) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new PatchException("the whole object can only be replaced by a map");
            }
            root.clear();
            root.putAll(Values.map(m));
            return;
        }
        Object parent = parent(root, tokens);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            Values.map(m).put(last, value);
        } else if (parent instanceof List<?> l) {
            Values.list(l).add(last.equals("-") ? l.size() : index(last, l.size(), true), value);
        } else {
            throw new PatchException("the parent is neither a map nor a list");
        }
    }

    private static void remove(Map<String, Object> root, String pointer) throws PatchException {
        List<String> tokens = parse(pointer);
        if (tokens.isEmpty()) {
            throw new PatchException("cannot remove the whole object");
        }
        Object parent = parent(root, tokens);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof Map<?, ?> m) {
            if (!m.containsKey(last)) {
                throw new PatchException("no field " + last);
            }
            m.remove(last);
        } else if (parent instanceof List<?> l) {
            l.remove(index(last, l.size(), false));
        } else {
            throw new PatchException("the parent is neither a map nor a list");
        }
    }

    private static Object parent(Map<String, Object> root, List<String> tokens) throws PatchException {
        Object node = root;
        for (String token : tokens.subList(0, tokens.size() - 1)) {
            node = child(node, token);
        }
        return node;
    }

    private static int index(String token, int size, boolean forInsert) throws PatchException {
        if (!token.matches("0|[1-9][0-9]{0,8}")) {
            throw new PatchException("`" + token + "` is not a list index");
        }
        int i = Integer.parseInt(token);
        if (i > size || (!forInsert && i == size)) {
            throw new PatchException("index " + i + " is out of range (list has " + size + " items)");
        }
        return i;
    }
}
