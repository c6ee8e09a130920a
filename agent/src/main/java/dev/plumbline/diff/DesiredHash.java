package dev.plumbline.diff;

import dev.plumbline.kube.Normalizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The cache half of a verdict's identity: SHA-256 over the desired object (map keys sorted, so field order in Git
 * does not matter), the ignore rules that apply to it, and the environment (it decides Conflict).
 */
public final class DesiredHash {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private DesiredHash() {
    }

    /**
     * SHA-256 over what a comparison looks at of a live object ({@link Normalizer#normalize}: no status, no
     * server-owned metadata), keys sorted, {@code null} values left out (an apply answers with
     * {@code template.metadata.creationTimestamp: null}, a watch event leaves it out): two versions of an object with
     * the same content hash differ only in what an apply can never change.
     */
    public static String content(Map<String, Object> live) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CANONICAL.writeValueAsBytes(withoutNulls(Normalizer.normalize(live))));
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("live object hash failed: " + e.getMessage(), e);
        }
    }

    /**
     * SHA-256 over the live object's {@link #content} and who owns which of its fields ({@code metadata.managedFields}
     * without the {@code time} of each entry and without {@code f:status}): all a server-side-apply dry-run reads of
     * the live object, since an apply removes a field only its own manager owned. A controller's status write leaves it
     * as it was; an apply or update by anyone that takes or gives up a field changes it. What a persisted verdict holds
     * for (decision 0047).
     */
    @SuppressWarnings("unchecked")
    public static String claim(Map<String, Object> live) {
        List<String> owners = new java.util.ArrayList<>();
        if (live.get("metadata") instanceof Map<?, ?> meta && meta.get("managedFields") instanceof List<?> entries) {
            for (Object e : entries) {
                if (!(e instanceof Map<?, ?> entry)) {
                    continue;
                }
                Map<String, Object> copy = new java.util.TreeMap<>((Map<String, Object>) entry);
                copy.remove("time");
                if (copy.get("fieldsV1") instanceof Map<?, ?> fields) {
                    Map<String, Object> kept = new java.util.TreeMap<>((Map<String, Object>) fields);
                    kept.remove("f:status");
                    if (kept.isEmpty()) {
                        continue; // a status writer's entry: it owns nothing an apply touches
                    }
                    copy.put("fieldsV1", kept);
                }
                try {
                    owners.add(CANONICAL.writeValueAsString(copy));
                } catch (JsonProcessingException ex) {
                    throw new IllegalStateException("live object hash failed: " + ex.getMessage(), ex);
                }
            }
        }
        java.util.Collections.sort(owners);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(content(live).getBytes(StandardCharsets.UTF_8));
            for (String owner : owners) {
                sha.update((byte) 0);
                sha.update(owner.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("live object hash failed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object withoutNulls(Object value) {
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).values().removeIf(java.util.Objects::isNull);
            map.values().forEach(DesiredHash::withoutNulls);
        } else if (value instanceof List<?> list) {
            list.forEach(DesiredHash::withoutNulls);
        }
        return value;
    }

    public static String of(Map<String, Object> body, List<IgnoreRule> rules, String environment) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(CANONICAL.writeValueAsBytes(body));
            sha.update((byte) 0);
            sha.update(String.valueOf(rules).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(environment).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("desired object hash failed: " + e.getMessage(), e);
        }
    }
}
