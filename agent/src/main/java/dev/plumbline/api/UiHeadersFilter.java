package dev.plumbline.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Headers for the web UI's static files. The UI needs no token to load (it is public code; the API behind it keeps
 * {@link ApiAuthFilter}'s rules), so what protects the user is the browser: the page may load scripts, styles and
 * data from this agent only (no inline script, so an injected string cannot run), may not be framed (an approve
 * button cannot be clickjacked), and is revalidated on every load (an upgraded agent never runs yesterday's script).
 */
@ServerFilter("/ui/**")
public class UiHeadersFilter {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @ResponseFilter
    public void secure(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-cache");
    }
}
