package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a render into what is compared and applied: Plumbline's tracking labels and source annotation stamped, and
 * the one default the API server cannot be trusted to fill in during server-side apply.
 *
 * <p>Kubernetes before 1.21 answers a server-side apply of a Service port or container port without
 * {@code protocol} with HTTP 500, because {@code protocol} is part of the list's merge key
 * (<a href="https://github.com/kubernetes/kubernetes/issues/98576">kubernetes#98576</a>). The server defaults it to
 * {@code TCP} anyway, so writing {@code TCP} where the manifest names none changes nothing on any version and makes
 * ordinary manifests work on 1.20. Flux's ssa package does the same.
 */
public final class DesiredObjects {

    private DesiredObjects() {
    }

    /** Stamped and defaulted copies of every object, in render order ({@code plumbline.dev/ignore}d ones included: the sync reports them skipped, and being desired keeps them from being pruned). */
    public static List<DesiredObject> prepare(DesiredState state) {
        List<DesiredObject> out = new ArrayList<>();
        for (DesiredObject o : Tracking.stamp(state).objects()) {
            out.add(new DesiredObject(o.key(), o.apiVersion(), withDefaultProtocols(o.body()), o.source(), o.line()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withDefaultProtocols(Map<String, Object> body) {
        Map<String, Object> copy = Values.copyMap(body);
        String kind = String.valueOf(copy.get("kind"));
        Object spec = copy.get("spec");
        if (!(spec instanceof Map<?, ?> s)) {
            return copy;
        }
        Map<String, Object> specMap = (Map<String, Object>) s;
        switch (kind) {
            case "Service" -> defaultProtocol(specMap.get("ports"));
            case "Pod" -> podSpec(specMap);
            case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job" -> template(specMap);
            case "CronJob" -> {
                if (specMap.get("jobTemplate") instanceof Map<?, ?> jt && ((Map<String, Object>) jt).get("spec") instanceof Map<?, ?> js) {
                    template((Map<String, Object>) js);
                }
            }
            default -> { }
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static void template(Map<String, Object> spec) {
        if (spec.get("template") instanceof Map<?, ?> t && ((Map<String, Object>) t).get("spec") instanceof Map<?, ?> ps) {
            podSpec((Map<String, Object>) ps);
        }
    }

    @SuppressWarnings("unchecked")
    private static void podSpec(Map<String, Object> podSpec) {
        for (String list : List.of("containers", "initContainers")) {
            if (podSpec.get(list) instanceof List<?> containers) {
                for (Object c : containers) {
                    if (c instanceof Map<?, ?> container) {
                        defaultProtocol(((Map<String, Object>) container).get("ports"));
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void defaultProtocol(Object ports) {
        if (ports instanceof List<?> list) {
            for (Object p : list) {
                if (p instanceof Map<?, ?> port && !port.containsKey("protocol")) {
                    ((Map<String, Object>) port).put("protocol", "TCP");
                }
            }
        }
    }
}
