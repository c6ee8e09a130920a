package dev.plumbline.api.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Signs payloads as each provider does, for the tests. */
final class Signing {

    private Signing() {
    }

    static String hmacHex(String secret, byte[] body) {
        return HexFormat.of().formatHex(WebhookVerifier.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** The headers {@code provider} sends for a push of {@code body} signed with {@code secret}. */
    static Map<String, String> push(Provider provider, String secret, byte[] body) {
        String hex = hmacHex(secret, body);
        return switch (provider) {
            case GITHUB -> Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + hex);
            // Gitea also sends GitHub's headers; its own signature must be the one that counts.
            case GITEA -> Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hex, "X-GitHub-Event", "push",
                    "X-Hub-Signature-256", "sha256=" + hex);
            case GITLAB -> Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", secret);
            case BITBUCKET -> Map.of("X-Event-Key", "repo:push", "X-Hub-Signature", "sha256=" + hex);
            case GENERIC -> Map.of("X-Plumbline-Signature", "sha256=" + hex);
        };
    }

    static Function<String, String> headers(Map<String, String> headers) {
        Map<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        return ci::get;
    }
}
