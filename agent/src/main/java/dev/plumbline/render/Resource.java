package dev.plumbline.render;

import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An object while it is being built: a mutable body plus where it came from and every (name, namespace) it had, so
 * that transformers and name references can match it by its original or any intermediate identity, as Kustomize does.
 */
final class Resource {

    private Map<String, Object> body;
    private final String source;
    private final int line;
    /** Earlier (name, namespace) pairs, oldest first; the current pair is read from the body. */
    private final List<String[]> history = new ArrayList<>(2);
    /** Set for generated ConfigMaps/Secrets whose name gets Kustomize's content-hash suffix at the end. */
    boolean needsHashSuffix;
    /** namePrefix / nameSuffix values applied, innermost first (they disambiguate name references). */
    final List<String> prefixes = new ArrayList<>(1);
    final List<String> suffixes = new ArrayList<>(1);

    Resource(Map<String, Object> body, String source, int line) {
        this.body = body;
        this.source = source;
        this.line = line;
    }

    Map<String, Object> body() {
        return body;
    }

    void replaceBody(Map<String, Object> newBody) {
        this.body = newBody;
    }

    String source() {
        return source;
    }

    int line() {
        return line;
    }

    String location() {
        return line > 0 ? source + ":" + line : source;
    }

    Map<String, Object> metadata() {
        return Values.child(body, "metadata");
    }

    String apiVersion() {
        return Values.string(body.get("apiVersion"));
    }

    String group() {
        return ResourceKey.groupOf(apiVersion());
    }

    String version() {
        String apiVersion = apiVersion();
        return apiVersion == null ? "" : apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    String kind() {
        return Values.string(body.get("kind"));
    }

    String name() {
        return Values.string(Values.map(body.get("metadata")).get("name"));
    }

    /** The namespace as written, or null. */
    String namespace() {
        String ns = Values.string(Values.map(body.get("metadata")).get("namespace"));
        return ns == null || ns.isEmpty() ? null : ns;
    }

    void rename(String newName) {
        if (!Objects.equals(newName, name())) {
            remember();
            metadata().put("name", newName);
        }
    }

    void setNamespace(String newNamespace) {
        if (!Objects.equals(newNamespace, namespace())) {
            remember();
            metadata().put("namespace", newNamespace);
        }
    }

    private void remember() {
        history.add(new String[] {name(), namespace()});
    }

    /** Every name this object has had, the current one last. */
    List<String> names() {
        List<String> names = new ArrayList<>(history.size() + 1);
        history.forEach(h -> names.add(h[0]));
        names.add(name());
        return names;
    }

    String originalName() {
        return history.isEmpty() ? name() : history.get(0)[0];
    }

    String originalNamespace() {
        return history.isEmpty() ? namespace() : history.get(0)[1];
    }

    /** True if the object ever was {@code name} in {@code namespace} (null matches any; "" and default are one). */
    boolean hadId(String name, String namespace) {
        if (matchesId(name(), namespace(), name, namespace)) {
            return true;
        }
        for (String[] h : history) {
            if (matchesId(h[0], h[1], name, namespace)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesId(String name, String ns, String wantName, String wantNs) {
        return name != null && name.equals(wantName) && (wantNs == null || sameNamespace(ns, wantNs));
    }

    /** Kustomize treats an absent namespace and {@code default} as the same. */
    static boolean sameNamespace(String a, String b) {
        return normalizeNamespace(a).equals(normalizeNamespace(b));
    }

    private static String normalizeNamespace(String ns) {
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    /** Kustomize's id in messages: {@code Kind/namespace/name}. */
    String id() {
        String ns = namespace();
        return ns == null ? kind() + "/" + name() : kind() + "/" + ns + "/" + name();
    }

    @Override
    public String toString() {
        return id() + " (" + location() + ")";
    }
}
