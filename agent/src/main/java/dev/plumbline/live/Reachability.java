package dev.plumbline.live;

import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether the API server answers now: one {@code GET /version} through the watch client (a background cost like
 * the informers', never a reconcile call), at most one in flight and its answer reused for {@code ttl}, so a
 * readiness probe every few seconds costs the API server next to nothing. No answer within {@code timeout} is
 * "unreachable"; any HTTP status is "reachable" (the server answered, RBAC or not).
 */
public final class Reachability {

    /** The last answer: reachable or not, why not, and when it was asked. */
    public record Result(boolean reachable, String message, Instant at) {
    }

    private final ClusterConnection connection;
    private final Duration timeout;
    private final Duration ttl;
    private Result last;
    private CompletableFuture<Result> inFlight;

    public Reachability(ClusterConnection connection, Duration timeout, Duration ttl) {
        this.connection = connection;
        this.timeout = timeout;
        this.ttl = ttl;
    }

    public static Reachability of(ClusterConnection connection) {
        return new Reachability(connection, Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    /** The cached answer while fresh, else the probe in flight, else a new probe. Never blocks. */
    public synchronized CompletableFuture<Result> check() {
        if (last != null && last.at().plus(ttl).isAfter(Instant.now())) {
            return CompletableFuture.completedFuture(last);
        }
        if (inFlight != null) {
            return inFlight;
        }
        CompletableFuture<Result> probe = probe();
        inFlight = probe;
        probe.thenAccept(r -> remember(probe, r)); // may run right here when the probe failed at once
        return probe;
    }

    private synchronized void remember(CompletableFuture<Result> probe, Result result) {
        last = result;
        if (inFlight == probe) {
            inFlight = null;
        }
    }

    private CompletableFuture<Result> probe() {
        String server = connection.server();
        try {
            HttpClient http = connection.watchClient().getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder().uri(server.replaceAll("/+$", "") + "/version")
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).build();
            return http.sendAsync(request, String.class).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((HttpResponse<String> response, Throwable failure) -> failure == null
                            ? new Result(true, "API server " + server + " answered HTTP " + response.code(), Instant.now())
                            : unreachable(server, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unreachable(server, e));
        }
    }

    private Result unreachable(String server, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String why = cause instanceof TimeoutException ? "no answer within " + timeout
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new Result(false, "API server " + server + " GET /version failed: " + why, Instant.now());
    }
}
