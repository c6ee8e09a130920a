package dev.plumbline.api;

import dev.plumbline.config.AgentConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;

/**
 * The API's bearer token, read from {@code plumbline.api.token-file} on every check (a rotated Secret takes effect
 * without a restart). Compared in constant time.
 */
@Singleton
public class ApiToken {

    private final AgentConfig.Api config;

    public ApiToken(AgentConfig.Api config) {
        this.config = config;
    }

    /** {@code null} when the header carries the token, else why not (never echoing what was sent). */
    public String reject(String authorization) {
        if (config.getTokenFile() == null) {
            return "this endpoint needs an API token, and none is configured (plumbline.api.token-file)";
        }
        String expected;
        try {
            expected = Files.readString(config.getTokenFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "API token file " + config.getTokenFile() + " cannot be read";
        }
        if (expected.isEmpty()) {
            return "API token file " + config.getTokenFile() + " is empty";
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return "missing Authorization: Bearer <token>";
        }
        byte[] sent = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(sent, expected.getBytes(StandardCharsets.UTF_8)) ? null : "invalid bearer token";
    }

    public boolean protectReads() {
        return config.isProtectReads();
    }
}
