package dev.plumbline.sync;

import dev.plumbline.resource.ResourceKey;

import java.util.List;

/**
 * Where a kind goes in the apply order. The first stages run before any sync-wave (CRDs and Namespaces must exist
 * before what lives in them, cluster-scoped RBAC before what runs under it); within a wave, kind groups follow the
 * order Helm and Argo CD use, so that what a workload mounts or binds to exists when it starts
 * (https://argo-cd.readthedocs.io/en/stable/user-guide/sync-waves/, Helm's InstallOrder).
 */
enum KindGroup {
    NAMESPACES(Stage.FOUNDATION, "Namespace"),
    CRDS(Stage.FOUNDATION, "CustomResourceDefinition"),
    CLUSTER_ROLES(Stage.CLUSTER_RBAC, "ClusterRole"),
    CLUSTER_ROLE_BINDINGS(Stage.CLUSTER_RBAC, "ClusterRoleBinding"),
    POLICIES(Stage.WAVES, "NetworkPolicy", "ResourceQuota", "LimitRange", "PodDisruptionBudget"),
    SERVICE_ACCOUNTS(Stage.WAVES, "ServiceAccount"),
    CONFIG(Stage.WAVES, "ConfigMap", "Secret"),
    ROLES(Stage.WAVES, "Role", "RoleBinding"),
    STORAGE(Stage.WAVES, "StorageClass", "PersistentVolume", "PersistentVolumeClaim"),
    SERVICES(Stage.WAVES, "Service"),
    WORKLOADS(Stage.WAVES, "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod", "Job", "CronJob"),
    OTHER(Stage.WAVES),
    INGRESSES(Stage.WAVES, "IngressClass", "Ingress");

    /** Foundation and cluster RBAC come before every sync-wave, whatever their annotation says. */
    enum Stage { FOUNDATION, CLUSTER_RBAC, WAVES }

    private final Stage stage;
    private final List<String> kinds;

    KindGroup(Stage stage, String... kinds) {
        this.stage = stage;
        this.kinds = List.of(kinds);
    }

    Stage stage() {
        return stage;
    }

    static KindGroup of(ResourceKey key) {
        if (key.kind().equals("CustomResourceDefinition") && key.group().equals("apiextensions.k8s.io")) {
            return CRDS;
        }
        if (key.group().equals("rbac.authorization.k8s.io") && key.kind().startsWith("Cluster")) {
            return key.kind().equals("ClusterRole") ? CLUSTER_ROLES : CLUSTER_ROLE_BINDINGS;
        }
        if (key.kind().equals("Namespace") && key.group().isEmpty()) {
            return NAMESPACES;
        }
        for (KindGroup g : values()) {
            if (g.stage == Stage.WAVES && g.kinds.contains(key.kind())) {
                return g;
            }
        }
        return OTHER;
    }
}
