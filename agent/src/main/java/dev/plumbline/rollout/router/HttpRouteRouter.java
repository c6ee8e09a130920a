package dev.plumbline.rollout.router;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.render.DesiredObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gateway API: the weights of an {@code HTTPRoute} Git renders. In every rule whose {@code backendRefs} name the
 * stable Service, the stable ref gets {@code 100 - weight} and a copy of it naming the canary Service gets
 * {@code weight}; other rules and refs stay as Git wrote them. Weight 0 and {@link #restore()} write Git's object
 * itself. Each is one forced server-side apply of the whole object, as a sync would; {@code /spec/rules} is the
 * rollout's while it routes (the Gateway API leaves lists atomic, so the rules are one field).
 *
 * <pre>{@code
 * rules:                                  # weight 10
 * - backendRefs:
 *   - {name: orders-api, port: 80, weight: 90}
 *   - {name: orders-api-canary, port: 80, weight: 10}
 * }</pre>
 */
public record HttpRouteRouter(DesiredObject route, String stableService, String canaryService) implements TrafficRouter {

    public static final String KIND = "HTTPRoute";
    public static final String GROUP = "gateway.networking.k8s.io";

    public HttpRouteRouter {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(stableService, "stableService");
        Objects.requireNonNull(canaryService, "canaryService");
        if (!KIND.equals(route.kind()) || !GROUP.equals(route.key().group())) {
            throw new IllegalArgumentException(route.key() + " is not a Gateway API HTTPRoute");
        }
    }

    /** Whether the route sends anything to {@code service} (a router that does not would move no traffic). */
    public static boolean routesTo(DesiredObject route, String service) {
        for (Map<String, Object> rule : rules(route.body())) {
            if (list(rule.get("backendRefs")).stream().anyMatch(ref -> names(ref, service, route.namespace()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return route.key().toString();
    }

    @Override
    public RouterWrite weighted(int weight) {
        if (TrafficRouter.checked(weight) == 0) {
            return restore();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) Normalizer.deepCopy(route.body());
        for (Map<String, Object> rule : rules(body)) {
            List<Map<String, Object>> refs = list(rule.get("backendRefs"));
            List<Object> out = new ArrayList<>(refs.size() + 1);
            for (Map<String, Object> ref : refs) {
                out.add(ref);
                if (names(ref, stableService, route.namespace())) {
                    ref.put("weight", (long) (100 - weight));
                    Map<String, Object> canary = new java.util.LinkedHashMap<>(ref);
                    canary.put("name", canaryService);
                    canary.put("weight", (long) weight);
                    out.add(canary);
                }
            }
            if (!refs.isEmpty()) {
                rule.put("backendRefs", out);
            }
        }
        return new RouterWrite.Apply(new DesiredObject(route.key(), route.apiVersion(), body, route.source(), route.line()));
    }

    @Override
    public RouterWrite restore() {
        return new RouterWrite.Apply(route);
    }

    @Override
    public List<OwnedFields> owned() {
        return List.of(new OwnedFields(route.key(), List.of("/spec/rules")));
    }

    private static boolean names(Map<String, Object> ref, String service, String namespace) {
        Object kind = ref.getOrDefault("kind", "Service");
        Object group = ref.getOrDefault("group", "");
        Object ns = ref.getOrDefault("namespace", namespace);
        return service.equals(ref.get("name")) && "Service".equals(kind) && "".equals(group) && Objects.equals(ns, namespace);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(Map<String, Object> body) {
        Object spec = body.get("spec");
        return spec instanceof Map<?, ?> s ? list(((Map<String, Object>) s).get("rules")) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        if (!(value instanceof List<?> l)) {
            return List.of();
        }
        return (List<Map<String, Object>>) (List<?>) l.stream().filter(Map.class::isInstance).toList();
    }
}
