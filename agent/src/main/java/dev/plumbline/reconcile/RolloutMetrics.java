package dev.plumbline.reconcile;

import dev.plumbline.history.RolloutRecord;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus gauges of each rollout, set whenever its record is written: {@code plumbline_rollout_phase} (1 for the
 * current phase, 0 for the others), {@code plumbline_rollout_step}, {@code plumbline_rollout_weight} (percent on the
 * new version) and {@code plumbline_rollout_analysis_value} / {@code _threshold} per check (NaN when not measured).
 */
final class RolloutMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    RolloutMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void recorded(String env, RolloutRecord r) {
        for (RolloutRecord.Phase p : RolloutRecord.Phase.values()) {
            gauge("plumbline.rollout.phase", "1 for the rollout's phase, 0 for the others", env, r.name(), "phase", p.name())
                    .set(p == r.phase() ? 1.0 : 0.0);
        }
        gauge("plumbline.rollout.step", "the step being held (1-based)", env, r.name(), null, null).set((double) r.step());
        gauge("plumbline.rollout.weight", "percent of pods (or traffic) on the new version", env, r.name(), null, null)
                .set(r.active() ? (double) r.weight() : r.phase() == RolloutRecord.Phase.Promoted ? 100.0 : 0.0);
        for (RolloutRecord.Check c : r.analysis()) {
            gauge("plumbline.rollout.analysis.value", "the check's last measured value", env, r.name(), "check", c.check())
                    .set(c.value() == null ? Double.NaN : c.value());
            gauge("plumbline.rollout.analysis.threshold", "the bound the check's value was held to", env, r.name(), "check", c.check())
                    .set(c.threshold() == null ? Double.NaN : c.threshold());
        }
    }

    private AtomicReference<Double> gauge(String name, String description, String env, String rollout, String tagKey, String tagValue) {
        return values.computeIfAbsent(name + "|" + env + "|" + rollout + "|" + tagValue, k -> {
            AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
            var builder = Gauge.builder(name, value, AtomicReference::get).description(description)
                    .tag("environment", env).tag("rollout", rollout);
            if (tagKey != null) {
                builder.tag(tagKey, tagValue);
            }
            builder.register(registry);
            return value;
        });
    }
}
