package dev.plumbline.api;

import dev.plumbline.reconcile.LeadershipLostException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A write asked of a follower (a sync, a pin deletion) is refused with 503 naming the Lease holder: the client may
 * retry against the leader (or after a takeover). Reads never get here; followers serve them.
 */
@Produces
@Singleton
public class NotLeaderHandler implements ExceptionHandler<LeadershipLostException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, LeadershipLostException exception) {
        return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, exception.getMessage(), request.getPath());
    }
}
