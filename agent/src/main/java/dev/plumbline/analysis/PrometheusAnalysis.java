package dev.plumbline.analysis;

import java.time.Instant;

/**
 * The metrics check: the canary's value against the stable version's plus {@code maxIncrease}, or against an absolute
 * {@code max} when no baseline is given. Higher is worse (an error ratio, a latency).
 *
 * @param baseline    PromQL for the stable version; {@code null}: judge against {@code max}
 * @param maxIncrease how much worse than the baseline the canary may be
 * @param max         the absolute bound without a baseline
 */
public record PrometheusAnalysis(String query, String baseline, double maxIncrease, Double max) {

    public static final String CHECK = "prometheus";

    public PrometheusAnalysis {
        if (query == null || query.isBlank()) {
            throw new AnalysisException("prometheus check failed: it has no query");
        }
        if (baseline == null && max == null) {
            throw new AnalysisException("prometheus check failed: it needs a baseline query (with maxIncrease) or a max");
        }
    }

    public Measurement measure(PrometheusClient prometheus) {
        PrometheusClient.Result canary = prometheus.query(query);
        if (!(canary instanceof PrometheusClient.Result.Value c)) {
            return Measurement.inconclusive(CHECK, null, null, why(canary));
        }
        double threshold;
        String against;
        if (baseline != null) {
            PrometheusClient.Result stable = prometheus.query(baseline);
            if (!(stable instanceof PrometheusClient.Result.Value s)) {
                return Measurement.inconclusive(CHECK, c.value(), null, "baseline: " + why(stable));
            }
            threshold = s.value() + maxIncrease;
            against = "baseline " + s.value() + " + maxIncrease " + maxIncrease;
        } else {
            threshold = max;
            against = "max";
        }
        boolean passed = c.value() <= threshold;
        String message = "canary " + c.value() + (passed ? " <= " : " > ") + threshold + " (" + against + ")";
        return new Measurement(Instant.now(), CHECK, c.value(), threshold, passed ? Outcome.PASSED : Outcome.FAILED, message);
    }

    private static String why(PrometheusClient.Result result) {
        if (result instanceof PrometheusClient.Result.NoData n) {
            return n.why();
        }
        return result instanceof PrometheusClient.Result.Unavailable u ? u.why() : String.valueOf(result);
    }
}
