package dev.plumbline.controlplane;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files kube-apiserver authenticates with, generated once per run folder and kept across restarts:
 * a static token file (admin in {@code system:masters}, further users without groups) and the RSA key pair
 * that signs and verifies service-account tokens (so the TokenRequest API works).
 */
final class Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> tokens;
    private final Path tokenFile;
    private final Path serviceAccountKey;
    private final Path serviceAccountPublicKey;

    private Credentials(Map<String, String> tokens, Path dir) {
        this.tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens)); // admin first
        this.tokenFile = dir.resolve("tokens.csv");
        this.serviceAccountKey = dir.resolve("sa.key");
        this.serviceAccountPublicKey = dir.resolve("sa.pub");
    }

    static Credentials create(Path runDir, String adminUser, List<String> users) {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(adminUser, newToken());
        users.forEach(u -> tokens.put(u, newToken()));
        Credentials credentials = new Credentials(tokens, runDir.resolve("pki"));
        try {
            Files.createDirectories(runDir.resolve("pki"));
            credentials.writeTokenFile(adminUser, tokens);
            credentials.writeServiceAccountKeys();
            return credentials;
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new ControlPlaneException("credentials in " + runDir + " creation failed: " + e.getMessage(), e);
        }
    }

    String token(String user) {
        String token = tokens.get(user);
        if (token == null) {
            throw new ControlPlaneException("user " + user + " lookup failed: not in the token file; known: "
                    + tokens.keySet() + " (add it with ControlPlaneOptions.withUsers)");
        }
        return token;
    }

    Map<String, String> tokens() {
        return tokens;
    }

    Path tokenFile() {
        return tokenFile;
    }

    Path serviceAccountKey() {
        return serviceAccountKey;
    }

    Path serviceAccountPublicKey() {
        return serviceAccountPublicKey;
    }

    /** CSV lines {@code token,user,uid[,"group,group"]}, as {@code --token-auth-file} reads them. */
    private void writeTokenFile(String adminUser, Map<String, String> tokens) throws IOException {
        StringBuilder csv = new StringBuilder();
        tokens.forEach((user, token) -> csv.append(token).append(',').append(user).append(',').append(user)
                .append(user.equals(adminUser) ? ",\"system:masters\"" : "").append('\n'));
        Files.writeString(tokenFile, csv);
        ownerOnly(tokenFile);
    }

    /** PKCS#8 private key and X.509 SubjectPublicKeyInfo public key, the PEM blocks client-go's keyutil reads. */
    private void writeServiceAccountKeys() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        KeyPair pair = generator.generateKeyPair();
        Files.writeString(serviceAccountKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        ownerOnly(serviceAccountKey);
        Files.writeString(serviceAccountPublicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    /** Secrets, even of a throwaway cluster, are readable by their owner only (where the file system allows). */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // nothing to tighten
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
