package dev.plumbline.health;

import dev.plumbline.kube.Live;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The registry: picks the check for an object's (group, kind) — any version, so {@code autoscaling/v1} and
 * {@code autoscaling/v2} share one — and falls back to {@link ConditionsHealth}. Rules that hold for every kind live
 * here: no object is Missing, an object being deleted is Progressing (pruning, not a failure), and a status a check
 * cannot read is Unknown rather than a crash of the whole assessment.
 */
public final class HealthChecks implements HealthCheck {

    private record GroupKind(String group, String kind) {
    }

    private final Map<GroupKind, HealthCheck> checks;
    private final HealthCheck fallback;

    private HealthChecks(Map<GroupKind, HealthCheck> checks, HealthCheck fallback) {
        this.checks = Map.copyOf(checks);
        this.fallback = fallback;
    }

    /** The built-in checks. Old groups ({@code extensions}) are listed too: 1.20 still serves Ingress there. */
    public static HealthChecks defaults() {
        Map<GroupKind, HealthCheck> checks = new HashMap<>();
        for (String group : new String[] {"apps", "extensions"}) {
            checks.put(new GroupKind(group, "Deployment"), new DeploymentHealth());
            checks.put(new GroupKind(group, "DaemonSet"), new DaemonSetHealth());
            checks.put(new GroupKind(group, "ReplicaSet"), new ReplicaSetHealth());
        }
        checks.put(new GroupKind("apps", "StatefulSet"), new StatefulSetHealth());
        checks.put(new GroupKind("batch", "Job"), new JobHealth());
        checks.put(new GroupKind("batch", "CronJob"), new CronJobHealth());
        checks.put(new GroupKind("", "Pod"), new PodHealth());
        checks.put(new GroupKind("", "PersistentVolumeClaim"), new PvcHealth());
        checks.put(new GroupKind("", "Service"), new ServiceHealth());
        checks.put(new GroupKind("networking.k8s.io", "Ingress"), new IngressHealth());
        checks.put(new GroupKind("extensions", "Ingress"), new IngressHealth());
        checks.put(new GroupKind("autoscaling", "HorizontalPodAutoscaler"), new HpaHealth());
        checks.put(new GroupKind("policy", "PodDisruptionBudget"), new PdbHealth());
        checks.put(new GroupKind("apiextensions.k8s.io", "CustomResourceDefinition"), new CrdHealth());
        return new HealthChecks(checks, new ConditionsHealth());
    }

    /** A registry that judges {@code group}/{@code kind} with {@code check} instead. */
    public HealthChecks with(String group, String kind, HealthCheck check) {
        Map<GroupKind, HealthCheck> next = new HashMap<>(checks);
        next.put(new GroupKind(group == null ? "" : group, kind), check);
        return new HealthChecks(next, fallback);
    }

    @Override
    public HealthStatus assess(GenericKubernetesResource live) {
        if (live == null) {
            return HealthStatus.of(Health.Missing, "object does not exist");
        }
        if (live.getMetadata() != null && live.getMetadata().getDeletionTimestamp() != null) {
            return HealthStatus.of(Health.Progressing, "being deleted");
        }
        GroupKind key = new GroupKind(ResourceKey.groupOf(live.getApiVersion()), live.getKind());
        try {
            return checks.getOrDefault(key, fallback).assess(live);
        } catch (RuntimeException e) { // a status of an unexpected shape is not ours to fix, nor a reason to stop
            return HealthStatus.of(Health.Unknown, e instanceof Live.Unreadable ? e.getMessage()
                    : "health assessment failed: " + e);
        }
    }

    /** An environment's health: the worst of its objects', Healthy when there are none. */
    public static Health worst(Collection<HealthStatus> statuses) {
        Health worst = Health.Healthy;
        for (HealthStatus status : statuses) {
            worst = Health.worst(worst, status.code());
        }
        return worst;
    }
}
