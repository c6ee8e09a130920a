package dev.plumbline.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape target the test controls: {@code /metrics} on 127.0.0.1 in Prometheus' text format, one gauge sample per
 * label value the test {@link #set}s (e.g. {@code error_ratio{track="canary"} 0.05}).
 */
public final class MetricsExporter implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Double> samples = new TreeMap<>();

    public MetricsExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = text().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Sets {@code series} (a metric name with labels, as in the text format) to {@code value}. */
    public synchronized MetricsExporter set(String series, double value) {
        samples.put(series, value);
        return this;
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized String text() {
        StringBuilder out = new StringBuilder();
        samples.forEach((series, value) -> out.append(series).append(' ').append(value).append('\n'));
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
