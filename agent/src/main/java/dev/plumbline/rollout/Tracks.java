package dev.plumbline.rollout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sets a rollout's Deployment (a blue-green preview, or a canary with a traffic router) apart from the Service Git
 * renders. Service selectors are equality only and cannot exclude, so the Deployment's pods carry the template's labels
 * <em>minus the Service selector's keys</em>, plus {@code plumbline.dev/rollout: <name>} and
 * {@code plumbline.dev/rollout-track: <track>}: Git's selector reaches only the stable pods, {@link #selector} only
 * these. No stable pod is touched (no restart).
 */
final class Tracks {

    private Tracks() {
    }

    /** The selector that reaches exactly the {@code track} pods of the rollout. */
    static Map<String, Object> selector(RolloutTarget target, String track) {
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put(CanaryObjects.ROLLOUT, target.name());
        selector.put(CanaryObjects.TRACK, track);
        return selector;
    }

    /** Rewrites a Deployment body (a deep copy the caller owns) so its pods are {@code track}'s alone. */
    @SuppressWarnings("unchecked")
    static void setApart(Map<String, Object> deployment, RolloutTarget target, String track) {
        Set<String> serviceKeys = serviceSelector(target).keySet();
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        Map<String, Object> match = new LinkedHashMap<>(matchLabels(deployment));
        serviceKeys.forEach(match::remove);
        match.putAll(selector(target, track));
        Map<String, Object> selector = new LinkedHashMap<>();
        selector.put("matchLabels", match);
        spec.put("selector", selector); // matchExpressions dropped: they may name a key these pods lack
        Map<String, Object> template = (Map<String, Object>) spec.get("template");
        Map<String, Object> tmeta = (Map<String, Object>) template.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
        Map<String, Object> podLabels = new LinkedHashMap<>((Map<String, Object>) tmeta.getOrDefault("labels", Map.of()));
        serviceKeys.forEach(podLabels::remove);
        podLabels.putAll(selector(target, track));
        tmeta.put("labels", podLabels);
    }

    /** {@code spec.selector.matchLabels} of a Deployment body, as strings. */
    @SuppressWarnings("unchecked")
    static Map<String, String> podSelector(Map<String, Object> deployment) {
        Object spec = deployment.get("spec");
        Map<String, String> out = new LinkedHashMap<>();
        if (spec instanceof Map<?, ?>) {
            matchLabels(deployment).forEach((k, v) -> out.put(k, String.valueOf(v)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> matchLabels(Map<String, Object> deployment) {
        Object spec = deployment.get("spec");
        Object selector = spec instanceof Map<?, ?> s ? s.get("selector") : null;
        Object match = selector instanceof Map<?, ?> s ? s.get("matchLabels") : null;
        return match instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> serviceSelector(RolloutTarget target) {
        Object spec = target.service() == null ? null : target.service().body().get("spec");
        Object selector = spec instanceof Map<?, ?> m ? m.get("selector") : null;
        return selector instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
    }
}
