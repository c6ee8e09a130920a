package dev.plumbline.controlplane;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The status a controller would write once a rollout finished (or failed), per kind, as a merge-patch body, and
 * whether the live status already says so. Field meanings follow the upstream controllers, e.g.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#deployment-status. One simulated node.
 */
final class SimulatedStatus {

    static final int NODES = 1;

    private SimulatedStatus() {
    }

    static boolean settled(HasMetadata object, boolean fail) {
        if (object instanceof Deployment d) {
            return current(d.getStatus() == null ? null : d.getStatus().getObservedGeneration(), d)
                    && fail == "ProgressDeadlineExceeded".equals(progressingReason(d))
                    && count(d.getStatus().getUpdatedReplicas()) == replicas(d.getSpec().getReplicas());
        }
        if (object instanceof StatefulSet s) {
            return current(s.getStatus() == null ? null : s.getStatus().getObservedGeneration(), s)
                    && count(s.getStatus().getReadyReplicas()) == (fail ? 0 : replicas(s.getSpec().getReplicas()))
                    && Objects.equals(s.getStatus().getUpdateRevision(), revision(s));
        }
        if (object instanceof DaemonSet d) {
            return current(d.getStatus() == null ? null : d.getStatus().getObservedGeneration(), d)
                    && count(d.getStatus().getNumberReady()) == (fail ? 0 : NODES);
        }
        if (object instanceof Job j) {
            return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions()
                    .stream().anyMatch(c -> c.getType().equals(fail ? "Failed" : "Complete"));
        }
        return true;
    }

    static Map<String, Object> of(HasMetadata object, boolean fail, Instant now) {
        if (object instanceof Deployment d) {
            return deployment(d, fail, now);
        }
        if (object instanceof StatefulSet s) {
            return statefulSet(s, fail);
        }
        if (object instanceof DaemonSet d) {
            return daemonSet(d, fail);
        }
        if (object instanceof Job j) {
            return job(j, fail, now);
        }
        throw new IllegalArgumentException("no simulated status for " + object.getKind());
    }

    private static Map<String, Object> deployment(Deployment d, boolean fail, Instant now) {
        int replicas = replicas(d.getSpec().getReplicas());
        int ready = fail ? 0 : replicas;
        String rs = d.getMetadata().getName() + "-simulated";
        Map<String, Object> status = counts(d, "replicas", replicas, "updatedReplicas", replicas,
                "readyReplicas", ready, "availableReplicas", ready, "unavailableReplicas", replicas - ready);
        status.put("conditions", fail
                ? List.of(condition("Available", "False", "MinimumReplicasUnavailable",
                                "Deployment does not have minimum availability.", now),
                        condition("Progressing", "False", "ProgressDeadlineExceeded",
                                "ReplicaSet \"" + rs + "\" has timed out progressing.", now))
                : List.of(condition("Available", "True", "MinimumReplicasAvailable",
                                "Deployment has minimum availability.", now),
                        condition("Progressing", "True", "NewReplicaSetAvailable",
                                "ReplicaSet \"" + rs + "\" has successfully progressed.", now)));
        return status;
    }

    private static Map<String, Object> statefulSet(StatefulSet s, boolean fail) {
        int replicas = replicas(s.getSpec().getReplicas());
        int ready = fail ? 0 : replicas;
        Map<String, Object> status = counts(s, "replicas", replicas, "readyReplicas", ready,
                "currentReplicas", ready, "updatedReplicas", ready, "availableReplicas", ready);
        String previous = s.getStatus() == null ? null : s.getStatus().getCurrentRevision();
        status.put("updateRevision", revision(s));
        status.put("currentRevision", fail && previous != null ? previous : revision(s));
        return status;
    }

    private static Map<String, Object> daemonSet(DaemonSet d, boolean fail) {
        int ready = fail ? 0 : NODES;
        return counts(d, "desiredNumberScheduled", NODES, "currentNumberScheduled", NODES,
                "updatedNumberScheduled", NODES, "numberMisscheduled", 0, "numberReady", ready,
                "numberAvailable", ready, "numberUnavailable", NODES - ready);
    }

    private static Map<String, Object> job(Job j, boolean fail, Instant now) {
        Map<String, Object> status = new LinkedHashMap<>();
        String created = j.getMetadata().getCreationTimestamp();
        status.put("startTime", created != null ? created : stamp(now));
        status.put("active", 0);
        if (fail) {
            status.put("failed", 1);
            // from 1.31 the API server refuses a terminal condition without the interim one the job controller
            // writes first (kubernetes/kubernetes#123775); older servers accept the extra condition as it is
            status.put("conditions", List.of(condition("FailureTarget", "True", "BackoffLimitExceeded",
                    "Job has reached the specified backoff limit", now), condition("Failed", "True",
                    "BackoffLimitExceeded", "Job has reached the specified backoff limit", now)));
        } else {
            Integer completions = j.getSpec().getCompletions();
            status.put("succeeded", completions == null ? 1 : completions);
            status.put("completionTime", stamp(now));
            status.put("conditions", List.of(condition("SuccessCriteriaMet", "True", "CompletionsReached",
                    "Reached expected number of succeeded pods", now), condition("Complete", "True", null, null, now)));
        }
        return status;
    }

    /** {@code observedGeneration} first, then name/value pairs. */
    private static Map<String, Object> counts(HasMetadata object, Object... pairs) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", object.getMetadata().getGeneration());
        for (int i = 0; i < pairs.length; i += 2) {
            status.put((String) pairs[i], pairs[i + 1]);
        }
        return status;
    }

    private static Map<String, Object> condition(String type, String value, String reason, String message,
                                                 Instant now) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", value);
        if (reason != null) {
            condition.put("reason", reason);
            condition.put("message", message);
        }
        condition.put("lastTransitionTime", stamp(now));
        condition.put(type.equals("Complete") || type.equals("Failed") || type.equals("FailureTarget")
                        || type.equals("SuccessCriteriaMet") ? "lastProbeTime" : "lastUpdateTime",
                stamp(now));
        return condition;
    }

    private static boolean current(Long observedGeneration, HasMetadata object) {
        return observedGeneration != null && observedGeneration.equals(object.getMetadata().getGeneration());
    }

    private static String progressingReason(Deployment d) {
        return d.getStatus().getConditions() == null ? null : d.getStatus().getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType())).map(c -> c.getReason()).findFirst().orElse(null);
    }

    /** Like a ControllerRevision name: changes with the pod template, not with the replica count. */
    private static String revision(StatefulSet s) {
        return s.getMetadata().getName() + "-" + Integer.toHexString(Objects.hashCode(s.getSpec().getTemplate()));
    }

    /** The API server omits zero counts ({@code omitempty}), so an absent count is 0. */
    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static String stamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
