package dev.plumbline.rollout.router;

import dev.plumbline.render.DesiredObject;
import dev.plumbline.resource.ResourceKey;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * A rollout's {@code router:} as {@code plumbline.yaml} names it: {@code {httpRoute: <name>}} or
 * {@code {ingressNginx: <name>}}, an object Git renders in the rollout's namespace.
 */
public record RouterRef(Type type, String name) {

    /** The kinds of router, spelled as the key in {@code plumbline.yaml}. */
    public enum Type {
        HTTP_ROUTE("httpRoute", HttpRouteRouter.GROUP, HttpRouteRouter.KIND),
        INGRESS_NGINX("ingressNginx", IngressNginxRouter.GROUP, IngressNginxRouter.KIND);

        private final String key;
        private final String group;
        private final String kind;

        Type(String key, String group, String kind) {
            this.key = key;
            this.group = group;
            this.kind = kind;
        }

        public String key() {
            return key;
        }

        /** The type whose {@code plumbline.yaml} key this is. */
        public static Optional<Type> ofKey(String key) {
            for (Type t : values()) {
                if (t.key.equals(key)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    public RouterRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** The object this names in {@code namespace}. */
    public ResourceKey key(String namespace) {
        return ResourceKey.of(type.group, type.kind, namespace, name);
    }

    /**
     * What is wrong with this router for a rollout of {@code service} in {@code namespace}, given what the environment
     * renders; empty when nothing. The caller reports it as a policy error at the {@code router:} line.
     */
    public Optional<String> problem(String namespace, String service, Collection<DesiredObject> rendered) {
        ResourceKey key = key(namespace);
        Optional<DesiredObject> object = rendered.stream().filter(o -> o.key().equals(key)).findFirst();
        if (object.isEmpty()) {
            return Optional.of("router." + type.key + ": " + key + " is not rendered in this environment");
        }
        boolean routes = type == Type.HTTP_ROUTE ? HttpRouteRouter.routesTo(object.get(), service)
                : IngressNginxRouter.routesTo(object.get(), service);
        return routes ? Optional.empty()
                : Optional.of("router." + type.key + ": " + key + " sends no traffic to Service/" + namespace + "/" + service);
    }

    /**
     * The router for a rollout of {@code service}, its canary Service {@code canaryService}.
     *
     * @throws RouterException when the object is not rendered (see {@link #problem})
     */
    public TrafficRouter router(String namespace, String service, String canaryService, String environment,
                                String rollout, Collection<DesiredObject> rendered) {
        problem(namespace, service, rendered).ifPresent(p -> {
            throw new RouterException("rollout " + rollout + " router check failed: " + p);
        });
        DesiredObject object = rendered.stream().filter(o -> o.key().equals(key(namespace))).findFirst().orElseThrow();
        return type == Type.HTTP_ROUTE ? new HttpRouteRouter(object, service, canaryService)
                : new IngressNginxRouter(object, service, canaryService, environment, rollout);
    }

    @Override
    public String toString() {
        return "{" + type.key + ": " + name + "}";
    }
}
