package dev.plumbline.diff;

import dev.plumbline.kube.Metadata;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.resource.ResourceKey;

import java.util.Map;
import java.util.Optional;

/**
 * Checks that need no API call and come before any comparison: objects marked {@code plumbline.dev/ignore}, and
 * live objects that belong to another environment or another tool. Adopting ({@code plumbline.dev/adopt: "true"}
 * on the manifest) turns a Conflict into an ordinary comparison.
 */
public final class Ownership {

    static final String ENVIRONMENT_LABEL = Metadata.ENVIRONMENT_LABEL;
    static final String IGNORE_ANNOTATION = Metadata.IGNORE_ANNOTATION;
    static final String ADOPT_ANNOTATION = Metadata.ADOPT_ANNOTATION;
    public static final String IGNORED_MESSAGE = "ignored (" + IGNORE_ANNOTATION + ": \"true\")";

    private Ownership() {
    }

    /** Marked {@code plumbline.dev/ignore: "true"} in Git or on the live object: never applied or compared. */
    public static boolean ignored(Map<String, Object> desired, Map<String, Object> live) {
        return "true".equals(String.valueOf(Normalizer.metadataMap(desired, "annotations").get(IGNORE_ANNOTATION)))
                || "true".equals(String.valueOf(Normalizer.metadataMap(live, "annotations").get(IGNORE_ANNOTATION)));
    }

    /** Why the live object is not Plumbline's to change in {@code environment}, if it is not; empty when adopted. */
    public static Optional<String> conflict(ResourceKey key, Map<String, Object> desired, Map<String, Object> live,
                                     String environment) {
        if (live == null
                || "true".equals(String.valueOf(Normalizer.metadataMap(desired, "annotations").get(ADOPT_ANNOTATION)))) {
            return Optional.empty();
        }
        return owner(live, environment).map(owner -> key + " is " + owner + "; set annotation " + ADOPT_ANNOTATION
                + ": \"true\" on the manifest to adopt it");
    }

    /** The foreign owner named by the live object's labels and annotations. */
    private static Optional<String> owner(Map<String, Object> live, String environment) {
        Map<String, Object> labels = Normalizer.metadataMap(live, "labels");
        Map<String, Object> annotations = Normalizer.metadataMap(live, "annotations");
        Object env = labels.get(ENVIRONMENT_LABEL);
        if (env != null && !env.equals(environment)) {
            return Optional.of("labelled for environment " + env + " (" + ENVIRONMENT_LABEL + "), not " + environment);
        }
        if ("Helm".equals(labels.get("app.kubernetes.io/managed-by"))) {
            return Optional.of("managed by Helm (app.kubernetes.io/managed-by: Helm)");
        }
        if (labels.containsKey("argocd.argoproj.io/instance")) {
            return Optional.of("managed by Argo CD (argocd.argoproj.io/instance: "
                    + labels.get("argocd.argoproj.io/instance") + ")");
        }
        if (annotations.containsKey("argocd.argoproj.io/tracking-id")) {
            return Optional.of("managed by Argo CD (argocd.argoproj.io/tracking-id)");
        }
        for (String flux : new String[] {"kustomize.toolkit.fluxcd.io/name", "helm.toolkit.fluxcd.io/name"}) {
            if (labels.containsKey(flux)) {
                return Optional.of("managed by Flux (" + flux + ": " + labels.get(flux) + ")");
            }
        }
        return Optional.empty();
    }
}
