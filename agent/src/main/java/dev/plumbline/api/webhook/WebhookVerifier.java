package dev.plumbline.api.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Checks that a webhook request was sent by someone who knows the shared secret:
 * <ul>
 *   <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>}</li>
 *   <li>Gitea/Forgejo: {@code X-Gitea-Signature} (or {@code X-Forgejo-Signature}): {@code <hex HMAC-SHA256>}</li>
 *   <li>Bitbucket Cloud and Server: {@code X-Hub-Signature: sha256=<hex>}; the older {@code sha1=} is refused</li>
 *   <li>GitLab: {@code X-Gitlab-Token: <secret>} (GitLab does not sign, it sends the secret itself)</li>
 *   <li>generic: {@code X-Plumbline-Signature: sha256=<hex>}</li>
 * </ul>
 * Every comparison is constant time ({@link MessageDigest#isEqual}) over inputs of equal length: a GitLab token is
 * compared as the SHA-256 of both sides, so neither its content nor its length leaks through timing.
 */
final class WebhookVerifier {

    /** Why a request was refused, or {@code failure == null} when it carries a valid signature. */
    record Verdict(Provider provider, String failure) {
        boolean valid() {
            return failure == null;
        }
    }

    private static final String HEADERS = "X-Hub-Signature-256, X-Gitlab-Token, X-Gitea-Signature, X-Hub-Signature or X-Plumbline-Signature";

    private final BiPredicate<byte[], byte[]> constantTimeEqual;

    WebhookVerifier() {
        this(MessageDigest::isEqual);
    }

    /** Tests pass a recording comparison to see that every check goes through it. */
    WebhookVerifier(BiPredicate<byte[], byte[]> constantTimeEqual) {
        this.constantTimeEqual = constantTimeEqual;
    }

    Verdict verify(Function<String, String> headers, byte[] body, byte[] secret) {
        Provider provider = Provider.detect(headers).orElse(null);
        if (provider == null) {
            return new Verdict(null, "no webhook signature header (" + HEADERS + ")");
        }
        String failure = switch (provider) {
            case GITHUB -> hmac(headers, "X-Hub-Signature-256", true, body, secret);
            case GITEA -> hmac(headers, headers.apply("X-Gitea-Signature") != null ? "X-Gitea-Signature" : "X-Forgejo-Signature",
                    false, body, secret);
            case BITBUCKET -> hmac(headers, "X-Hub-Signature", true, body, secret);
            case GENERIC -> hmac(headers, "X-Plumbline-Signature", true, body, secret);
            case GITLAB -> token(headers.apply("X-Gitlab-Token"), secret);
        };
        return new Verdict(provider, failure);
    }

    /** {@code prefixed}: the header reads {@code sha256=<hex>}; otherwise bare hex (a {@code sha256=} prefix is tolerated). */
    private String hmac(Function<String, String> headers, String header, boolean prefixed, byte[] body, byte[] secret) {
        String value = headers.apply(header);
        if (value == null || value.isBlank()) {
            return "missing " + header;
        }
        value = value.trim();
        int eq = value.indexOf('=');
        if (eq >= 0) {
            String algorithm = value.substring(0, eq).toLowerCase(Locale.ROOT);
            if (!algorithm.equals("sha256")) {
                return header + " uses " + algorithm + "; only sha256 is accepted";
            }
            value = value.substring(eq + 1);
        } else if (prefixed) {
            return header + " is not of the form sha256=<hex>";
        }
        byte[] sent;
        try {
            sent = HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return header + " is not hexadecimal";
        }
        byte[] expected = hmacSha256(secret, body);
        // Compared even when the lengths differ, so a short signature costs the same as a wrong one.
        return constantTimeEqual.test(pad(sent, expected.length), expected) && sent.length == expected.length
                ? null : header + " does not match the payload";
    }

    private String token(String sent, byte[] secret) {
        if (sent == null || sent.isEmpty()) {
            return "missing X-Gitlab-Token";
        }
        byte[] sentDigest = sha256(sent.getBytes(StandardCharsets.UTF_8));
        return constantTimeEqual.test(sentDigest, sha256(secret)) ? null : "X-Gitlab-Token does not match the secret";
    }

    static byte[] hmacSha256(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook HMAC-SHA256 failed: " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("webhook SHA-256 failed: " + e.getMessage(), e);
        }
    }

    private static byte[] pad(byte[] bytes, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, length));
        return out;
    }
}
