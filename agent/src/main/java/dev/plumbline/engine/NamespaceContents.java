package dev.plumbline.engine;

import dev.plumbline.kube.Metadata;
import dev.plumbline.live.ApiResource;
import dev.plumbline.live.Discovery;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What keeps a Namespace from being pruned: deleting a Namespace deletes everything in it, so Plumbline deletes one
 * only when it holds nothing but what Kubernetes puts in every namespace (the {@code default} ServiceAccount, the
 * {@code kube-root-ca.crt} ConfigMap, on 1.20 and older the {@code default} ServiceAccount's token Secret; Events are
 * not listed) and Plumbline's own objects of this environment that are being deleted. Anything else — another
 * tool's or a person's object, or one of this environment's objects that is still in Git — blocks it.
 *
 * <p>Common namespaced kinds are listed (at the version the cluster prefers); an object with a controller owner
 * of a listed kind does not count on its own (its owner does, or is being deleted with it).
 */
final class NamespaceContents {

    private static final List<String[]> KINDS = List.of(
            new String[] {"", "Pod"}, new String[] {"", "Service"}, new String[] {"", "ConfigMap"},
            new String[] {"", "Secret"}, new String[] {"", "ServiceAccount"},
            new String[] {"", "PersistentVolumeClaim"}, new String[] {"apps", "Deployment"},
            new String[] {"apps", "StatefulSet"}, new String[] {"apps", "DaemonSet"},
            new String[] {"apps", "ReplicaSet"}, new String[] {"batch", "Job"}, new String[] {"batch", "CronJob"},
            new String[] {"networking.k8s.io", "Ingress"}, new String[] {"rbac.authorization.k8s.io", "Role"},
            new String[] {"rbac.authorization.k8s.io", "RoleBinding"});
    private static final Set<String> LISTED = Set.of("Pod", "Service", "ConfigMap", "Secret", "ServiceAccount",
            "PersistentVolumeClaim", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
            "Ingress", "Role", "RoleBinding");

    private final KubernetesClient client;
    private final Discovery discovery;

    NamespaceContents(KubernetesClient client, Discovery discovery) {
        this.client = client;
        this.discovery = discovery;
    }

    /** One object that blocks deleting {@code namespace}, as {@code Kind/ns/name}; empty when none. */
    Optional<String> blocker(String namespace, String environment) {
        for (String[] gk : KINDS) {
            Optional<ApiResource> kind = discovery.preferred(gk[0], gk[1]);
            if (kind.isEmpty()) {
                continue;
            }
            List<GenericKubernetesResource> items;
            try {
                items = client.genericKubernetesResources(kind.get().context()).inNamespace(namespace).list().getItems();
            } catch (KubernetesClientException e) {
                // what cannot be seen cannot be shown to be empty: keep the namespace
                return Optional.of("objects that cannot be listed (" + kind.get().qualifiedPlural() + ": "
                        + ApiFailure.of(ResourceKey.of("", "Namespace", null, namespace), "list", e).message() + ")");
            }
            for (GenericKubernetesResource item : items) {
                if (blocks(gk[1], item, environment)) {
                    return Optional.of(gk[1] + "/" + namespace + "/" + item.getMetadata().getName());
                }
            }
        }
        return Optional.empty();
    }

    static boolean blocks(String kind, GenericKubernetesResource item, String environment) {
        var meta = item.getMetadata();
        Map<String, String> labels = Metadata.labels(meta);
        if (environment.equals(labels.get(Metadata.ENVIRONMENT_LABEL)) && meta.getDeletionTimestamp() != null) {
            return false;
        }
        if (ownedByListedController(meta.getOwnerReferences())) {
            return false;
        }
        return !builtIn(kind, item);
    }

    /** What Kubernetes creates in every namespace. */
    static boolean builtIn(String kind, GenericKubernetesResource item) {
        String name = item.getMetadata().getName();
        Map<String, String> annotations = Metadata.annotations(item);
        return switch (kind) {
            case "ServiceAccount" -> name.equals("default");
            case "ConfigMap" -> name.equals("kube-root-ca.crt");
            // 1.20's token controller; gone from 1.24 (LegacyServiceAccountTokenNoAutoGeneration)
            case "Secret" -> "kubernetes.io/service-account-token".equals(item.getAdditionalProperties().get("type"))
                    && "default".equals(annotations.get("kubernetes.io/service-account.name"));
            default -> false;
        };
    }

    private static boolean ownedByListedController(List<OwnerReference> owners) {
        return owners != null && owners.stream()
                .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && LISTED.contains(o.getKind()));
    }
}
