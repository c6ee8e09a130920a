package dev.plumbline.analysis;

import java.time.Instant;

/**
 * One check's judgement of a step, as the rollouts API shows it: {@code {at, check, value, threshold, passed}}.
 *
 * @param value     what was measured ({@code null}: nothing could be)
 * @param threshold the bound it was held to ({@code null} when the check has none, e.g. no baseline data)
 * @param message   why, in words: the metric, its value and the threshold, or why there is no value
 */
public record Measurement(Instant at, String check, Double value, Double threshold, Outcome outcome, String message) {

    /** {@code true} passed, {@code false} failed, {@code null} inconclusive. */
    public Boolean passed() {
        return outcome == Outcome.INCONCLUSIVE ? null : outcome == Outcome.PASSED;
    }

    static Measurement inconclusive(String check, Double value, Double threshold, String message) {
        return new Measurement(Instant.now(), check, value, threshold, Outcome.INCONCLUSIVE, message);
    }
}
