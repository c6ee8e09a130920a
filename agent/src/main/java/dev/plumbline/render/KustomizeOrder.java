package dev.plumbline.render;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order {@code kubectl kustomize} (Kustomize v5, default "legacy" sort) prints objects in: first
 * Namespace, ResourceQuota, StorageClass, CustomResourceDefinition, ServiceAccount, PodSecurityPolicy, Role,
 * ClusterRole, RoleBinding, ClusterRoleBinding, ConfigMap, Secret, Endpoints, Service, LimitRange, PriorityClass,
 * PersistentVolume, PersistentVolumeClaim, Deployment, StatefulSet, CronJob, PodDisruptionBudget; last the
 * Mutating- and ValidatingWebhookConfigurations; everything else between. Ties break on
 * {@code group_version_kind} (an empty group sorts as {@code ~G}, after every named group), then namespace (none
 * = {@code ~X}), then name. Verified against kubectl 1.32 (Kustomize v5.5); see
 * https://github.com/kubernetes-sigs/kustomize/blob/master/api/resid/gvk.go.
 */
final class KustomizeOrder {

    private static final List<String> FIRST = List.of("Namespace", "ResourceQuota", "StorageClass",
            "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding",
            "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass",
            "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob",
            "PodDisruptionBudget");
    private static final List<String> LAST = List.of("MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration");
    private static final Map<String, Integer> RANK = new HashMap<>();

    static {
        for (int i = 0; i < FIRST.size(); i++) {
            RANK.put(FIRST.get(i), i - FIRST.size());
        }
        for (int i = 0; i < LAST.size(); i++) {
            RANK.put(LAST.get(i), i + 1);
        }
    }

    /** An object and the namespace Kustomize would have printed for it (before Plumbline's default namespace). */
    record Entry(DesiredObject object, String namespace) {
    }

    static final Comparator<Entry> ENTRIES = Comparator
            .comparingInt((Entry e) -> rank(e.object.kind()))
            .thenComparing(e -> gvk(e.object.apiVersion(), e.object.kind()))
            .thenComparing(e -> e.namespace == null ? "~X" : e.namespace)
            .thenComparing(e -> e.object.name());

    private KustomizeOrder() {
    }

    static int rank(String kind) {
        return RANK.getOrDefault(kind, 0);
    }

    static String gvk(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return (group.isEmpty() ? "~G" : group) + "_" + (version.isEmpty() ? "~V" : version) + "_" + kind;
    }
}
