package dev.plumbline.api.webhook;

import dev.plumbline.config.AgentConfig;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The webhook secret, read from {@code plumbline.webhook.secret-file} on every request so a rotated Secret takes
 * effect without a restart. Surrounding whitespace is dropped (files written by {@code echo} end in a newline).
 */
@Singleton
public class WebhookSecret {

    /** The secret, or why there is none (then every webhook is refused). */
    record Loaded(byte[] value, String problem) {
    }

    private final AgentConfig.Webhook config;

    public WebhookSecret(AgentConfig.Webhook config) {
        this.config = config;
    }

    Loaded load() {
        if (config.getSecretFile() == null) {
            return new Loaded(null, "the webhook secret is not configured (plumbline.webhook.secret-file)");
        }
        String secret;
        try {
            secret = Files.readString(config.getSecretFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return new Loaded(null, "the webhook secret file cannot be read");
        }
        return secret.isEmpty() ? new Loaded(null, "the webhook secret file is empty")
                : new Loaded(secret.getBytes(StandardCharsets.UTF_8), null);
    }
}
