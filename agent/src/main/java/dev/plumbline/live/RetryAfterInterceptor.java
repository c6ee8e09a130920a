package dev.plumbline.live;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Honours {@code Retry-After} on 429 and 503 answers (API Priority and Fairness sends {@code Retry-After: 1}). Fabric8
 * 7.9 retries those with its own exponential backoff (100 ms, 200 ms, ...) and, although it logs the server's delay,
 * does not wait for it (its {@code AsyncUtils} schedules the calculator's interval, not the value it computed), so a
 * throttled agent would come back ten times within a second. This interceptor holds the failed answer for the
 * server's delay (at most {@link #MAX_WAIT}) before Fabric8's retry logic sees it; then Fabric8 retries as usual.
 */
final class RetryAfterInterceptor implements Interceptor {

    static final String NAME = "plumbline-retry-after";
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    @Override
    public CompletableFuture<Boolean> afterFailure(HttpRequest.Builder builder, HttpResponse<?> response, RequestTags tags) {
        return waitRetryAfter(response);
    }

    @Override
    public CompletableFuture<Boolean> afterFailure(BasicBuilder builder, HttpResponse<?> response, RequestTags tags) {
        return waitRetryAfter(response);
    }

    private static CompletableFuture<Boolean> waitRetryAfter(HttpResponse<?> response) {
        long millis = (response.code() == 429 || response.code() == 503) ? delayMillis(response.header("Retry-After")) : 0;
        if (millis <= 0) {
            return CompletableFuture.completedFuture(false);
        }
        // false: no immediate resend by this interceptor; Fabric8's own retry follows, after the wait
        return CompletableFuture.supplyAsync(() -> false,
                CompletableFuture.delayedExecutor(Math.min(millis, MAX_WAIT.toMillis()), TimeUnit.MILLISECONDS));
    }

    /** {@code Retry-After} in milliseconds: delta-seconds or an HTTP date; 0 when absent or unreadable. */
    static long delayMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(retryAfter.trim()) * 1000);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (DateTimeParseException notDate) {
                return 0;
            }
        }
    }
}
