package dev.plumbline.api.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookVerifierTest {

    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY = SECRET.getBytes(StandardCharsets.UTF_8);

    private final WebhookVerifier verifier = new WebhookVerifier();

    private WebhookVerifier.Verdict verify(Map<String, String> headers, byte[] body) {
        return verifier.verify(Signing.headers(headers), body, KEY);
    }

    /** GitHub's own documented example: this secret and body give this signature. */
    @Test
    void matchesGitHubsDocumentedExample() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(Map.of("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"), body))
                .isEqualTo(new WebhookVerifier.Verdict(Provider.GITHUB, null));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aCorrectSignatureIsAccepted(Provider provider) {
        WebhookVerifier.Verdict verdict = verify(Signing.push(provider, SECRET, BODY), BODY);
        assertThat(verdict.provider()).isEqualTo(provider);
        assertThat(verdict.valid()).as(verdict.failure()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aSignatureMadeWithAnotherSecretIsRefused(Provider provider) {
        WebhookVerifier.Verdict verdict = verify(Signing.push(provider, "guessed", BODY), BODY);
        assertThat(verdict.provider()).isEqualTo(provider);
        assertThat(verdict.failure()).contains("does not match");
    }

    @ParameterizedTest
    @EnumSource(value = Provider.class, names = "GITLAB", mode = EnumSource.Mode.EXCLUDE)
    void aSignatureOfAnotherBodyIsRefused(Provider provider) {
        byte[] tampered = "{\"ref\":\"refs/heads/evil\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(verify(Signing.push(provider, SECRET, BODY), tampered).failure()).contains("does not match the payload");
    }

    @Test
    void missingSignaturesAreRefusedNamingTheHeader() {
        assertThat(verify(Map.of(), BODY).failure()).startsWith("no webhook signature header");
        assertThat(verify(Map.of("X-GitHub-Event", "push"), BODY).failure()).isEqualTo("missing X-Hub-Signature-256");
        assertThat(verify(Map.of("X-Gitlab-Event", "Push Hook"), BODY).failure()).isEqualTo("missing X-Gitlab-Token");
        assertThat(verify(Map.of("X-Gitea-Event", "push"), BODY).failure()).isEqualTo("missing X-Forgejo-Signature");
        assertThat(verify(Map.of("X-Event-Key", "repo:push"), BODY).failure()).isEqualTo("missing X-Hub-Signature");
        assertThat(verify(Map.of("X-Plumbline-Event", "push"), BODY).failure()).isEqualTo("missing X-Plumbline-Signature");
    }

    @Test
    void onlySha256IsAccepted() {
        // GitHub's legacy header alone is not enough, and Bitbucket's sha1 form is refused.
        assertThat(verify(Map.of("X-GitHub-Event", "push", "X-Hub-Signature", "sha1=0123"), BODY).failure())
                .isEqualTo("missing X-Hub-Signature-256");
        assertThat(verify(Map.of("X-Event-Key", "repo:push", "X-Hub-Signature", "sha1=" + "ab".repeat(20)), BODY).failure())
                .isEqualTo("X-Hub-Signature uses sha1; only sha256 is accepted");
        assertThat(verify(Map.of("X-Plumbline-Signature", "sha512=" + "ab".repeat(64)), BODY).failure())
                .isEqualTo("X-Plumbline-Signature uses sha512; only sha256 is accepted");
        assertThat(verify(Map.of("X-Hub-Signature-256", Signing.hmacHex(SECRET, BODY)), BODY).failure())
                .isEqualTo("X-Hub-Signature-256 is not of the form sha256=<hex>");
        assertThat(verify(Map.of("X-Hub-Signature-256", "sha256=not-hex"), BODY).failure())
                .isEqualTo("X-Hub-Signature-256 is not hexadecimal");
        assertThat(verify(Map.of("X-Hub-Signature-256", "sha256=" + Signing.hmacHex(SECRET, BODY).substring(2)), BODY).failure())
                .isEqualTo("X-Hub-Signature-256 does not match the payload");
    }

    @Test
    void forgejoSignsWithItsOwnHeaderAndUppercaseHexIsAccepted() {
        assertThat(verify(Map.of("X-Forgejo-Event", "push", "X-Forgejo-Signature", Signing.hmacHex(SECRET, BODY).toUpperCase()), BODY)
                .valid()).isTrue();
    }

    /** Every check goes through the constant-time comparison, always with equal lengths (no early exit, no length leak). */
    @ParameterizedTest
    @EnumSource(Provider.class)
    void everyComparisonIsConstantTimeOverEqualLengths(Provider provider) {
        List<int[]> calls = new ArrayList<>();
        WebhookVerifier recording = new WebhookVerifier((a, b) -> {
            calls.add(new int[] {a.length, b.length});
            return MessageDigest.isEqual(a, b);
        });
        Map<String, String> good = Signing.push(provider, SECRET, BODY);
        Map<String, String> shortened = new HashMap<>();
        good.forEach((k, v) -> shortened.put(k, k.contains("Signature") || k.contains("Token") ? v.substring(0, v.length() - 2) : v));
        assertThat(recording.verify(Signing.headers(good), BODY, KEY).valid()).isTrue();
        assertThat(recording.verify(Signing.headers(shortened), BODY, KEY).valid()).isFalse();
        assertThat(calls).hasSize(2).allSatisfy(c -> assertThat(c[0]).isEqualTo(c[1]).isEqualTo(32));
    }
}
