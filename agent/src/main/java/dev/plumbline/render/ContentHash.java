package dev.plumbline.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kustomize's content-hash name suffix for generated ConfigMaps and Secrets, reproduced from observed
 * {@code kubectl kustomize} (v5.5) output, so that names match it exactly:
 * <ol>
 *   <li>take {@code {"kind": kind, "name": "", "data": data}} — the name is empty in Kustomize v5 — plus
 *       {@code "binaryData"} when non-empty (ConfigMap) or {@code "type"} (Secret); a missing {@code data} field
 *       counts as the empty string, a present one (even empty) as a map;</li>
 *   <li>encode it as Go's {@code json.Marshal} does: keys sorted, no spaces, {@code <>&} and U+2028/9 escaped;</li>
 *   <li>SHA-256, hex, first 10 characters, with {@code 0 1 3 a e} replaced by {@code g h k m t} (no vowels,
 *       no look-alike digits).</li>
 * </ol>
 * Data values are hashed exactly as they appear (a generated Secret's base64 is wrapped at 70 columns).
 */
final class ContentHash {

    private ContentHash() {
    }

    static String of(Map<String, Object> body) {
        Map<String, Object> input = new TreeMap<>();
        String kind = String.valueOf(body.get("kind"));
        input.put("kind", kind);
        input.put("name", "");
        input.put("data", body.containsKey("data") && body.get("data") != null ? body.get("data") : "");
        if (kind.equals("Secret")) {
            input.put("type", body.get("type") == null ? "" : body.get("type"));
        } else if (!Values.map(body.get("binaryData")).isEmpty()) {
            input.put("binaryData", body.get("binaryData"));
        }
        StringBuilder json = new StringBuilder();
        writeJson(json, input);
        return encode(sha256Hex(json.toString()));
    }

    static String encode(String hex) {
        char[] out = hex.substring(0, 10).toCharArray();
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (out[i]) {
                case '0' -> 'g';
                case '1' -> 'h';
                case '3' -> 'k';
                case 'a' -> 'm';
                case 'e' -> 't';
                default -> out[i];
            };
        }
        return new String(out);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Go encoding/json output for maps (sorted by key bytes), lists, strings, numbers, booleans and null. */
    static void writeJson(StringBuilder out, Object value) {
        if (value instanceof Map<?, ?> m) {
            List<String> keys = new ArrayList<>();
            m.keySet().forEach(k -> keys.add((String) k));
            keys.sort((a, b) -> compareUtf8(a, b));
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : ",");
                writeString(out, keys.get(i));
                out.append(':');
                writeJson(out, m.get(keys.get(i)));
            }
            out.append('}');
        } else if (value instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                writeJson(out, l.get(i));
            }
            out.append(']');
        } else if (value instanceof String s) {
            writeString(out, s);
        } else {
            out.append(value == null ? "null" : value.toString());
        }
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
