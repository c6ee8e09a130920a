package dev.plumbline.health;

import dev.plumbline.resource.ResourceKey;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An environment's health at a glance: the worst code, how many objects have each code (in {@link Health} order,
 * codes nobody has left out), and one line per object that is not Healthy, e.g.
 * {@code Deployment/shop/orders-api: Progressing: 1 of 3 updated replicas are available}, in key order.
 */
public record HealthSummary(Health health, Map<Health, Integer> counts, List<String> messages) {

    public HealthSummary {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        messages = List.copyOf(messages);
    }

    public static HealthSummary of(Map<ResourceKey, HealthStatus> statuses) {
        Map<Health, Integer> counts = new EnumMap<>(Health.class);
        statuses.values().forEach(s -> counts.merge(s.code(), 1, Integer::sum));
        List<String> messages = new TreeMap<>(statuses).entrySet().stream()
                .filter(e -> e.getValue().code() != Health.Healthy)
                .map(e -> e.getKey() + ": " + e.getValue().code()
                        + (e.getValue().message().isEmpty() ? "" : ": " + e.getValue().message()))
                .toList();
        return new HealthSummary(HealthChecks.worst(statuses.values()), counts, messages);
    }

    public int count(Health code) {
        return counts.getOrDefault(code, 0);
    }
}
