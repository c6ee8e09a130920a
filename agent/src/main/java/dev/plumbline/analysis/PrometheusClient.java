package dev.plumbline.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An instant query against Prometheus' HTTP API ({@code GET /api/v1/query}). A check needs one number: a scalar, or
 * a vector of exactly one series. What the server or the network does wrong is {@link Result.Unavailable}; what the
 * query does wrong (refused as bad PromQL, many series) is an {@link AnalysisException}.
 */
public final class PrometheusClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI address;
    private final HttpClient http;
    private final Duration timeout;

    public PrometheusClient(String address, Duration timeout) {
        this.address = URI.create(address.endsWith("/") ? address : address + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** What a query answered. */
    public sealed interface Result {
        /** One number. */
        record Value(double value) implements Result {
        }

        /** An empty vector, or NaN (e.g. an error ratio of no requests): nothing to judge yet. */
        record NoData(String why) implements Result {
        }

        /** Prometheus did not answer, or answered 5xx / timed out. */
        record Unavailable(String why) implements Result {
        }
    }

    public Result query(String promql) {
        URI uri = address.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Result.Unavailable("Prometheus at " + address + " query failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result.Unavailable("Prometheus at " + address + " query interrupted");
        }
        JsonNode body = parse(response.body());
        int code = response.statusCode();
        if (code == 400 || code == 422) { // Prometheus' own words for a query it refuses (bad_data, execution)
            throw new AnalysisException("query " + promql + " failed: Prometheus refused it: " + error(body, response.body()));
        }
        if (code != 200 || body == null || !"success".equals(body.path("status").asText())) {
            return new Result.Unavailable("Prometheus at " + address + " answered HTTP " + code + ": " + error(body, response.body()));
        }
        return value(promql, body.path("data"));
    }

    private static Result value(String promql, JsonNode data) {
        String type = data.path("resultType").asText();
        JsonNode sample;
        switch (type) {
            case "scalar" -> sample = data.path("result");
            case "vector" -> {
                JsonNode series = data.path("result");
                if (series.isEmpty()) {
                    return new Result.NoData("query " + promql + " returned no series");
                }
                if (series.size() > 1) {
                    throw new AnalysisException("query " + promql + " failed: it returns " + series.size()
                            + " series, it must return one series (aggregate it, e.g. sum(...))");
                }
                sample = series.get(0).path("value");
            }
            default -> throw new AnalysisException("query " + promql + " failed: it returns a " + type
                    + ", a check needs a scalar or a one-series vector");
        }
        double value;
        try {
            value = Double.parseDouble(sample.path(1).asText());
        } catch (NumberFormatException e) {
            return new Result.NoData("query " + promql + " returned " + sample.path(1).asText());
        }
        return Double.isNaN(value) ? new Result.NoData("query " + promql + " returned NaN (no samples to divide)")
                : new Result.Value(value);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String error(JsonNode body, String raw) {
        if (body != null && body.hasNonNull("error")) {
            return body.path("errorType").asText() + ": " + body.path("error").asText();
        }
        return raw == null ? "" : raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
    }
}
