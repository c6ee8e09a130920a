package dev.plumbline.api.webhook;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The {@code payload} field of a form-encoded webhook (GitHub's "application/x-www-form-urlencoded" content type). */
final class FormPayload {

    private FormPayload() {
    }

    static byte[] json(byte[] body) throws IOException {
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("payload")) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            }
        }
        throw new IOException("form-encoded webhook has no payload field");
    }
}
