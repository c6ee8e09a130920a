package dev.plumbline.diff;

import dev.plumbline.resource.ResourceKey;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A Secret whose {@code data} the API server cannot decode: every value there must be standard, padded base64 (Go's
 * {@code encoding/base64.StdEncoding}, line breaks ignored), or the server refuses the whole object (HTTP 400 or, for a server-side apply on some versions, 500).
 * Checked before anything else, because a Secret that does not exist yet is otherwise reported Missing without a
 * call, and would look like it merely waits for the next sync. The message names the key, never the value.
 */
public final class SecretData {

    private SecretData() {
    }

    /** Why {@code desired} cannot be stored, or empty for a valid Secret and any other kind. */
    public static Optional<String> invalid(ResourceKey key, Map<String, Object> desired) {
        if (!"Secret".equals(key.kind()) || !key.group().isEmpty() || !(desired.get("data") instanceof Map<?, ?> data)) {
            return Optional.empty();
        }
        Map<String, String> bad = new TreeMap<>();
        data.forEach((k, v) -> {
            String why = problem(v);
            if (why != null) {
                bad.put(String.valueOf(k), why);
            }
        });
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(key + " validation failed: ");
        bad.forEach((k, why) -> out.append("data.").append(k).append(' ').append(why).append("; "));
        return Optional.of(out.append("the API server cannot store such a Secret; use stringData for plain text")
                .toString());
    }

    private static String problem(Object value) {
        if (value == null) {
            return null; // null data values are dropped by the server
        }
        if (!(value instanceof String s)) {
            return "is not a string";
        }
        String text = s.replace("\r", "").replace("\n", "");
        if (text.length() % 4 != 0) {
            return "is not valid base64 (length " + text.length() + " is not a multiple of 4)";
        }
        try {
            Base64.getDecoder().decode(text);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not valid base64";
        }
    }
}
