package dev.plumbline.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Bearer-token check for {@code /api/v1/**}: mutating methods always, reads when {@code protect-reads} is set.
 * The Git webhook authenticates by its signature instead.
 */
@ServerFilter("/api/v1/**")
public class ApiAuthFilter {

    private final ApiToken token;

    public ApiAuthFilter(ApiToken token) {
        this.token = token;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (request.getPath().startsWith("/api/v1/webhooks/")) {
            return null;
        }
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        if (read && !token.protectReads()) {
            return null;
        }
        String problem = token.reject(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return problem == null ? null : Problem.response(HttpStatus.UNAUTHORIZED, problem, request.getPath())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"plumbline\"");
    }
}
