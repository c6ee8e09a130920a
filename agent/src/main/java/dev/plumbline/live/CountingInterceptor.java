package dev.plumbline.live;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;

/**
 * Counts every request a Fabric8 client sends, websocket upgrades (watches) included. Fabric8 calls
 * {@link #before} once per attempt, for plain HTTP and websocket requests alike.
 */
final class CountingInterceptor implements Interceptor {

    static final String NAME = "plumbline-counter";

    private final ApiCallCounter counter;

    CountingInterceptor(ApiCallCounter counter) {
        this.counter = counter;
    }

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        counter.record(ApiVerb.of(request.method(), request.uri(), contentType(request)), request.uri().getRawPath());
    }

    private static String contentType(HttpRequest request) {
        // The body's content type is kept on the request object, not always as a header.
        if (request instanceof StandardHttpRequest standard && standard.getContentType() != null) {
            return standard.getContentType();
        }
        return request.header("Content-Type");
    }
}
