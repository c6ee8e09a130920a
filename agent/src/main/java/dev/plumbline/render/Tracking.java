package dev.plumbline.render;

import dev.plumbline.kube.Metadata;
import dev.plumbline.resource.ResourceKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plumbline's identity on applied objects ({@code render --with-tracking}, and what sync applies): labels
 * {@code app.kubernetes.io/managed-by: plumbline} and {@code plumbline.dev/environment: <env>}, annotation
 * {@code plumbline.dev/source: <repo path>}. Never the commit SHA: a new commit must not touch unchanged objects.
 */
public final class Tracking {

    // The names live with the other object helpers (kube.Metadata); kept here for render's callers.
    public static final String MANAGED_BY_LABEL = Metadata.MANAGED_BY_LABEL;
    public static final String MANAGED_BY = Metadata.MANAGED_BY;
    public static final String ENVIRONMENT_LABEL = Metadata.ENVIRONMENT_LABEL;
    public static final String SOURCE_ANNOTATION = Metadata.SOURCE_ANNOTATION;

    private Tracking() {
    }

    /** A copy of the state with every object stamped (the state itself is immutable and left as it is). */
    public static DesiredState stamp(DesiredState state) {
        List<DesiredObject> out = new ArrayList<>(state.objects().size());
        for (DesiredObject o : state.objects()) {
            out.add(stamp(o, state.environment()));
        }
        return new DesiredState(state.revision(), state.environment(), out, state.warnings());
    }

    public static DesiredObject stamp(DesiredObject object, String environment) {
        Map<String, Object> body = Values.copyMap(object.body());
        Map<String, Object> meta = Values.child(body, "metadata");
        Map<String, Object> labels = Values.child(meta, "labels");
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(ENVIRONMENT_LABEL, environment);
        Values.child(meta, "annotations").put(SOURCE_ANNOTATION, object.source());
        ResourceKey key = object.key();
        return new DesiredObject(key, object.apiVersion(), body, object.source(), object.line());
    }
}
