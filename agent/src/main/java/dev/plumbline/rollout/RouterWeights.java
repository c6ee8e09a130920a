package dev.plumbline.rollout;

import dev.plumbline.config.Rollout;
import dev.plumbline.kube.Metadata;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;
import dev.plumbline.rollout.router.ClientRouterWrites;
import dev.plumbline.rollout.router.RouterRef;
import dev.plumbline.rollout.router.RouterWrite;
import dev.plumbline.rollout.router.RouterWrites;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A canary's traffic router ({@code router: {httpRoute: …}} or {@code {ingressNginx: …}}), driving the pure routers of
 * {@code rollout.router}: at a weight above 0 the canary Service {@code <service>-canary} (selecting the canary's pods
 * only, see {@link Tracks}) exists and the router sends it that share; at 0 the router objects are as Git renders them
 * and the canary Service is gone. Each weight change is one write of the router object (an unchanged server-side apply
 * or the delete of an absent object writes nothing).
 */
public record RouterWeights(RouterRef.Type type) implements TrafficRouter {

    static final String CANARY = "canary";

    public static List<TrafficRouter> all() {
        return List.of(new RouterWeights(RouterRef.Type.HTTP_ROUTE), new RouterWeights(RouterRef.Type.INGRESS_NGINX));
    }

    static String canaryServiceName(String service) {
        return service + "-canary";
    }

    @Override
    public String kind() {
        return type.key();
    }

    @Override
    public void weigh(RolloutTarget target, Rollout.Router router, int weight) {
        RouterWrites writes = new ClientRouterWrites(target.client(), CanaryObjects.FIELD_MANAGER);
        ResourceKey canaryService = ResourceKey.of("", "Service", target.namespace(), canaryServiceName(target.rollout().service()));
        if (weight > 0) {
            writes.write(new RouterWrite.Apply(canaryService(target)));
        }
        writes.write(router(target, router).weighted(weight));
        if (weight == 0) {
            writes.write(new RouterWrite.Delete(canaryService, "v1"));
        }
    }

    @Override
    public List<DesiredObject> shape(RolloutTarget target, Rollout.Router router, List<DesiredObject> desired, int weight) {
        if (!(router(target, router).weighted(weight) instanceof RouterWrite.Apply held)) {
            return desired; // ingress-nginx: Git's Ingress is never changed
        }
        List<DesiredObject> out = new ArrayList<>(desired.size());
        desired.forEach(o -> out.add(o.key().equals(held.key()) ? held.object() : o));
        return out;
    }

    private dev.plumbline.rollout.router.TrafficRouter router(RolloutTarget target, Rollout.Router router) {
        return new RouterRef(type, router.name()).router(target.namespace(), target.rollout().service(),
                canaryServiceName(target.rollout().service()), target.environment(), target.name(), target.rendered());
    }

    /** Git's Service renamed, reaching the canary's pods only; ClusterIP (node ports and IPs are the stable one's). */
    @SuppressWarnings("unchecked")
    static DesiredObject canaryService(RolloutTarget target) {
        DesiredObject git = target.service();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "ClusterIP");
        spec.put("selector", Tracks.selector(target, CANARY));
        List<Object> ports = new ArrayList<>();
        Object gitPorts = ((Map<String, Object>) git.body().getOrDefault("spec", Map.of())).get("ports");
        if (gitPorts instanceof List<?> l) {
            for (Object p : l) {
                Map<String, Object> port = (Map<String, Object>) Normalizer.deepCopy(p);
                port.remove("nodePort");
                ports.add(port);
            }
        }
        spec.put("ports", ports);
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(Metadata.MANAGED_BY_LABEL, Metadata.MANAGED_BY);
        labels.put(CanaryObjects.ROLLOUT, target.name()); // no environment label: the rollout's, never drift or pruned
        labels.put(CanaryObjects.OF, target.environment());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("name", canaryServiceName(target.rollout().service()));
        meta.put("namespace", target.namespace());
        meta.put("labels", labels);
        ResourceKey key = ResourceKey.of("", "Service", target.namespace(), canaryServiceName(target.rollout().service()));
        return new DesiredObject(key, "v1", Map.of("apiVersion", "v1", "kind", "Service", "metadata", meta, "spec", spec),
                git.source(), git.line());
    }
}
