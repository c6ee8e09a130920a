package dev.plumbline.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.server.exceptions.ContentLengthExceededHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A body over {@code micronaut.server.max-request-size} is refused before any controller sees it; answer that 413 as
 * a problem detail like every other error, instead of Micronaut's own error format.
 */
@Produces
@Singleton
@Replaces(ContentLengthExceededHandler.class)
public class TooLargeHandler implements ExceptionHandler<ContentLengthExceededException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ContentLengthExceededException exception) {
        return Problem.response(HttpStatus.REQUEST_ENTITY_TOO_LARGE, exception.getMessage(), request.getPath());
    }
}
