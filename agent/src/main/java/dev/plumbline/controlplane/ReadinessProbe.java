package dev.plumbline.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Polls a server until it reports ready, the process dies, or the deadline passes; never hangs, because each
 * request has its own short timeout and the loop checks the deadline. The HTTPS client trusts any certificate:
 * it only ever talks to the loopback server this JVM just started (whose self-signed cert it cannot know yet).
 */
final class ReadinessProbe {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .sslContext(trustAll())
            .build();

    private ReadinessProbe() {
    }

    /** Waits for {@code uri} to answer 200 (with {@code token} as bearer, when given). */
    static void await(ServerProcess server, URI uri, String token, long deadlineNanos, Duration timeout) {
        String last = "no answer yet";
        while (true) {
            if (!server.alive()) {
                throw server.exited("start");
            }
            Optional<String> notReady = check(uri, token);
            if (notReady.isEmpty()) {
                return;
            }
            last = notReady.get();
            if (System.nanoTime() - deadlineNanos > 0) {
                throw server.failure("start", "not ready within " + timeout.toMillis() / 1000.0 + " s (" + uri
                        + ": " + last + ")");
            }
            sleep();
        }
    }

    /** Empty when ready, else why not. */
    private static Optional<String> check(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.empty()
                    : Optional.of("HTTP " + response.statusCode() + " " + firstLine(response.body()));
        } catch (IOException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("readiness probe of " + uri + " failed: interrupted", e);
        }
    }

    private static String firstLine(String body) {
        String trimmed = body == null ? "" : body.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " ...";
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneException("readiness probe failed: interrupted", e);
        }
    }

    private static SSLContext trustAll() {
        // X509ExtendedTrustManager (not X509TrustManager), otherwise JSSE wraps it and still checks the host name
        TrustManager trustAll = new X509ExtendedTrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a, java.net.Socket s) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a, java.net.Socket s) { }
            @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) { }
            @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
            @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
            @Override public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS context creation failed: " + e.getMessage(), e);
        }
    }
}
