package dev.plumbline.rollout.router;

import dev.plumbline.kube.Metadata;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ingress-nginx: a canary Ingress beside the stable one Git renders, as ingress-nginx's canary annotations want it
 * (https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary): the same hosts and
 * paths, only those whose backend is the stable Service, pointing at the canary Service, with
 * {@code nginx.ingress.kubernetes.io/canary: "true"} and {@code canary-weight}. The stable Ingress is never written.
 * A weight is one apply of the canary Ingress; weight 0 and {@link #restore()} delete it (Git holds no such object).
 *
 * @param environment the environment whose rollout owns the canary Ingress ({@value #ROLLOUT_OF_LABEL}); it carries no
 *                    environment label, so it is never watched, compared or pruned as the environment's
 * @param rollout     the rollout's name, on the canary Ingress as {@value #ROLLOUT_LABEL}
 */
public record IngressNginxRouter(DesiredObject ingress, String stableService, String canaryService, String environment,
                                 String rollout) implements TrafficRouter {

    public static final String KIND = "Ingress";
    public static final String GROUP = "networking.k8s.io";
    public static final String CANARY = "nginx.ingress.kubernetes.io/canary";
    public static final String CANARY_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";
    public static final String ROLLOUT_LABEL = "plumbline.dev/rollout";
    /** The environment whose rollout created it (the rollouts core's label for what a rollout creates). */
    public static final String ROLLOUT_OF_LABEL = "plumbline.dev/rollout-of";
    /** Older clusters pick the controller by this annotation instead of {@code spec.ingressClassName}. */
    private static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

    public IngressNginxRouter {
        Objects.requireNonNull(ingress, "ingress");
        Objects.requireNonNull(stableService, "stableService");
        Objects.requireNonNull(canaryService, "canaryService");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(rollout, "rollout");
        if (!KIND.equals(ingress.kind()) || !GROUP.equals(ingress.key().group())) {
            throw new IllegalArgumentException(ingress.key() + " is not a networking.k8s.io Ingress");
        }
    }

    /** Whether any path of the Ingress (or its default backend) sends traffic to {@code service}. */
    public static boolean routesTo(DesiredObject ingress, String service) {
        Map<String, Object> spec = map(ingress.body().get("spec"));
        if (names(map(spec.get("defaultBackend")), service)) {
            return true;
        }
        return list(spec.get("rules")).stream().flatMap(r -> paths(r).stream())
                .anyMatch(p -> names(map(p.get("backend")), service));
    }

    /** The canary Ingress: {@code <stable name>-canary} in the stable one's namespace. */
    public ResourceKey canaryKey() {
        return ResourceKey.of(GROUP, KIND, ingress.namespace(), ingress.name() + "-canary");
    }

    @Override
    public String describe() {
        return ingress.key().toString();
    }

    @Override
    public RouterWrite weighted(int weight) {
        return TrafficRouter.checked(weight) == 0 ? restore() : new RouterWrite.Apply(canaryIngress(weight));
    }

    @Override
    public RouterWrite restore() {
        return new RouterWrite.Delete(canaryKey(), ingress.apiVersion());
    }

    @Override
    public List<OwnedFields> owned() {
        return List.of();
    }

    private DesiredObject canaryIngress(int weight) {
        Map<String, Object> stableSpec = map(ingress.body().get("spec"));
        Map<String, Object> spec = new LinkedHashMap<>();
        if (stableSpec.get("ingressClassName") != null) {
            spec.put("ingressClassName", stableSpec.get("ingressClassName"));
        }
        Map<String, Object> defaultBackend = map(stableSpec.get("defaultBackend"));
        if (names(defaultBackend, stableService)) {
            spec.put("defaultBackend", toCanary(defaultBackend));
        }
        List<Object> rules = new ArrayList<>();
        for (Map<String, Object> rule : list(stableSpec.get("rules"))) {
            List<Object> paths = new ArrayList<>();
            paths(rule).stream().filter(p -> names(map(p.get("backend")), stableService)).forEach(p -> {
                Map<String, Object> path = copy(p);
                path.put("backend", toCanary(map(p.get("backend"))));
                paths.add(path);
            });
            if (!paths.isEmpty()) {
                Map<String, Object> out = new LinkedHashMap<>();
                if (rule.get("host") != null) {
                    out.put("host", rule.get("host"));
                }
                out.put("http", Map.of("paths", paths));
                rules.add(out);
            }
        }
        if (!rules.isEmpty()) {
            spec.put("rules", rules);
        }
        return new DesiredObject(canaryKey(), ingress.apiVersion(), Map.of("apiVersion", ingress.apiVersion(),
                "kind", KIND, "metadata", metadata(weight), "spec", spec), ingress.source(), ingress.line());
    }

    private Map<String, Object> metadata(int weight) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY);
        labels.put(ROLLOUT_LABEL, rollout); // no environment label: not the environment's, never drift or pruned
        labels.put(ROLLOUT_OF_LABEL, environment);
        Map<String, Object> annotations = new LinkedHashMap<>();
        String ingressClass = Normalizer.metadataMap(ingress.body(), "annotations").get(CLASS_ANNOTATION) instanceof String c ? c : null;
        if (ingressClass != null) {
            annotations.put(CLASS_ANNOTATION, ingressClass);
        }
        annotations.put(CANARY, "true");
        annotations.put(CANARY_WEIGHT, String.valueOf(weight));
        annotations.put(Metadata.SOURCE_ANNOTATION, ingress.source());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", canaryKey().name());
        meta.put("namespace", ingress.namespace());
        meta.put("labels", labels);
        meta.put("annotations", annotations);
        return meta;
    }

    private Map<String, Object> toCanary(Map<String, Object> backend) {
        Map<String, Object> out = copy(backend);
        Map<String, Object> service = copy(map(backend.get("service")));
        service.put("name", canaryService);
        out.put("service", service);
        return out;
    }

    private static boolean names(Map<String, Object> backend, String service) {
        return service.equals(map(backend.get("service")).get("name"));
    }

    private static List<Map<String, Object>> paths(Map<String, Object> rule) {
        return list(map(rule.get("http")).get("paths"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> copy(Map<String, Object> value) {
        return (Map<String, Object>) Normalizer.deepCopy(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) (List<?>) l.stream().filter(Map.class::isInstance).toList() : List.of();
    }
}
