package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps Secret values (and values of ConfigMaps marked sensitive) out of every report: values are compared, then
 * replaced by markers before anything is reported, so a change shows which key changed, never the value.
 *
 * <p>Besides {@code data}, {@code stringData} and {@code binaryData}, the annotation
 * {@code kubectl.kubernetes.io/last-applied-configuration} is masked: a client-side {@code kubectl apply} copies
 * the whole manifest, values included, into it.
 */
public final class SecretMasking {

    /** The value is the same on both sides. */
    public static final String HIDDEN = "(sensitive)";
    /** The desired value differs from the live one (or the live one is absent). */
    public static final String DESIRED = "(sensitive: desired value)";
    /** The live value differs from the desired one (or the desired one is absent). */
    public static final String LIVE = "(sensitive: live value)";

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final List<String> VALUE_FIELDS = List.of("data", "stringData", "binaryData");
    private static final int MIN_SCRUB_LENGTH = 4;

    private SecretMasking() {
    }

    /** A Secret, or a ConfigMap whose desired or live object carries {@code annotation: "true"}. */
    public static boolean sensitive(String kind, Map<String, Object> desired, Map<String, Object> live, String annotation) {
        if ("Secret".equals(kind)) {
            return true;
        }
        return "ConfigMap".equals(kind) && annotation != null
                && ("true".equals(Normalizer.metadataMap(desired, "annotations").get(annotation))
                || "true".equals(Normalizer.metadataMap(live, "annotations").get(annotation)));
    }

    /**
     * Replaces values in both normalized objects (in place) by markers that still differ where the values differ,
     * and returns the changed keys ({@code data.password}, ...). Either side may be {@code null}.
     */
    static List<String> mask(Map<String, Object> desired, Map<String, Object> live) {
        List<String> changed = new ArrayList<>();
        for (String field : VALUE_FIELDS) {
            Map<String, Object> d = values(desired, field);
            Map<String, Object> l = values(live, field);
            Set<String> keys = new LinkedHashSet<>(l.keySet());
            keys.addAll(d.keySet());
            for (String key : keys) {
                if (maskPair(d, l, key)) {
                    changed.add(field + "." + key);
                }
            }
        }
        if (maskPair(annotations(desired), annotations(live), LAST_APPLIED)) {
            changed.add("metadata.annotations." + LAST_APPLIED);
        }
        return changed;
    }

    /** Masks both sides' values under {@code key}; whether they differed. */
    private static boolean maskPair(Map<String, Object> desired, Map<String, Object> live, String key) {
        Object d = desired.get(key);
        Object l = live.get(key);
        boolean same = d != null && d.equals(l);
        if (d != null) {
            desired.put(key, same ? HIDDEN : DESIRED);
        }
        if (l != null) {
            live.put(key, same ? HIDDEN : LIVE);
        }
        return !same && (d != null || l != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Map<String, Object> object, String field) {
        Object v = object == null ? null : object.get(field);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : new java.util.HashMap<>();
    }

    private static Map<String, Object> annotations(Map<String, Object> object) {
        Map<String, Object> a = Normalizer.metadataMap(object, "annotations");
        return a.isEmpty() ? new java.util.HashMap<>() : a;
    }

    /**
     * An API server message with any value of the given objects removed. Values too short to replace safely
     * withhold the whole message instead.
     */
    public static String scrub(String message, List<Map<String, Object>> objects) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String value : secretValues(objects)) {
            if (value.length() >= MIN_SCRUB_LENGTH) {
                out = out.replace(value, HIDDEN);
            }
        }
        for (String value : secretValues(objects)) {
            if (!value.isEmpty() && out.contains(value)) {
                return "(message withheld: it may contain sensitive values)";
            }
        }
        return out;
    }

    private static Set<String> secretValues(List<Map<String, Object>> objects) {
        Set<String> values = new LinkedHashSet<>();
        for (Map<String, Object> object : objects) {
            for (String field : VALUE_FIELDS) {
                values(object, field).values().forEach(v -> addWithDecoded(values, String.valueOf(v)));
            }
            Object lastApplied = Normalizer.metadataMap(object, "annotations").get(LAST_APPLIED);
            if (lastApplied != null) {
                values.add(lastApplied.toString());
            }
        }
        return values;
    }

    private static void addWithDecoded(Set<String> values, String value) {
        values.add(value);
        try {
            values.add(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            // stringData values are plain text; nothing more to add
        }
    }
}
