package dev.plumbline.api;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;

/** An RFC 9457 problem detail. */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final MediaType MEDIA_TYPE = MediaType.of("application/problem+json");

    public static io.micronaut.http.MutableHttpResponse<Problem> response(HttpStatus status, String detail, String instance) {
        return HttpResponse.<Problem>status(status)
                .body(new Problem("about:blank", status.getReason(), status.getCode(), detail, instance))
                .contentType(MEDIA_TYPE);
    }
}
