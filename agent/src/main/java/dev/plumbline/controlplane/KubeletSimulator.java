package dev.plumbline.controlplane;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet beside a real kube-controller-manager: the controllers create ReplicaSets and Pods, nothing ever
 * runs them, so this writes the Pod status a kubelet would once the containers started (Running and Ready; a Job's
 * Pod Succeeded). A Pod whose template asks for failure ({@value #SIMULATE}{@code : fail}) never becomes ready and its
 * restarts climb, as a crash-looping container's would (a Job's Pod fails). Only Pod status is written, through the
 * {@code status} subresource with field manager {@value WorkloadSimulator#FIELD_MANAGER}; workload status stays the
 * controllers' own. SIMULATED: no container ever runs.
 */
final class KubeletSimulator implements AutoCloseable {

    static final String SIMULATE = "plumbline.dev/simulate";
    private static final Logger LOG = LoggerFactory.getLogger(KubeletSimulator.class);
    private static final long RESTART_EVERY_MS = 2_000;

    private final KubernetesClient client;
    private final SimulatorOptions options;
    private final Set<String> crashing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "plumbline-kubelet-simulator");
        thread.setDaemon(true);
        return thread;
    });
    private SharedIndexInformer<Pod> informer;

    KubeletSimulator(KubernetesClient client, SimulatorOptions options) {
        this.client = client;
        this.options = options;
    }

    KubeletSimulator start() {
        informer = WorkloadSimulator.inform(client, Pod.class, options.namespace(), this::consider,
                pod -> crashing.remove(key(pod)));
        LOG.info("pod status is SIMULATED by {} beside a real kube-controller-manager (no kubelet runs)",
                WorkloadSimulator.FIELD_MANAGER);
        return this;
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
        executor.shutdownNow();
    }

    private void consider(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() != null
                && pod.getStatus().getPhase() != null && !"Pending".equals(pod.getStatus().getPhase())) {
            return;
        }
        boolean fail = "fail".equals(pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(SIMULATE));
        if (!fail) {
            executor.schedule(() -> write(pod, status(pod, finalPhase(pod), true, 0)), options.maxDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        } else if (isJobPod(pod)) {
            executor.schedule(() -> write(pod, status(pod, "Failed", false, 0)), 0, TimeUnit.MILLISECONDS);
        } else if (crashing.add(key(pod))) {
            crashLoop(pod, 1);
        }
    }

    /** Writes one more restart every few seconds while the Pod exists. */
    private void crashLoop(Pod pod, int restarts) {
        executor.schedule(() -> {
            if (crashing.contains(key(pod)) && write(pod, status(pod, "Running", false, restarts))) {
                crashLoop(pod, restarts + 1);
            }
        }, restarts == 1 ? 0 : RESTART_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    private static String finalPhase(Pod pod) {
        return isJobPod(pod) ? "Succeeded" : "Running";
    }

    private static boolean isJobPod(Pod pod) {
        return pod.getMetadata().getOwnerReferences().stream().anyMatch(o -> "Job".equals(o.getKind()));
    }

    private static Map<String, Object> status(Pod pod, String phase, boolean ready, int restarts) {
        String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
        String readyWord = ready ? "True" : "False";
        boolean done = "Succeeded".equals(phase) || "Failed".equals(phase);
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            Map<String, Object> state = done
                    ? Map.of("terminated", Map.of("exitCode", "Failed".equals(phase) ? 1 : 0, "startedAt", now,
                    "finishedAt", now, "reason", "Failed".equals(phase) ? "Error" : "Completed"))
                    : ready ? Map.of("running", Map.of("startedAt", now))
                    : Map.of("waiting", Map.of("reason", "CrashLoopBackOff"));
            containers.add(Map.of("name", c.getName(), "image", c.getImage(), "imageID", "", "ready", ready && !done,
                    "started", ready && !done, "restartCount", restarts, "state", state));
        }
        List<Map<String, Object>> conditions = List.of(
                Map.of("type", "PodScheduled", "status", "True", "lastTransitionTime", now),
                Map.of("type", "Initialized", "status", "True", "lastTransitionTime", now),
                Map.of("type", "ContainersReady", "status", ready && !done ? "True" : "False", "lastTransitionTime", now),
                Map.of("type", "Ready", "status", ready && !done ? readyWord : "False", "lastTransitionTime", now));
        return Map.of("status", Map.of("phase", phase, "startTime", now, "conditions", conditions,
                "containerStatuses", containers));
    }

    private boolean write(Pod pod, Map<String, Object> patch) {
        PatchContext context = new PatchContext.Builder().withPatchType(PatchType.STRATEGIC_MERGE)
                .withFieldManager(WorkloadSimulator.FIELD_MANAGER).build();
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .subresource("status").patch(context, client.getKubernetesSerialization().asJson(patch));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("Pod/{} simulated status write failed: HTTP {} {}", key(pod), e.getCode(),
                        e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage() + " caused by " + e.getCause());
            }
            crashing.remove(key(pod));
            return false;
        }
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
