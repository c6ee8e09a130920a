package dev.plumbline.analysis;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.util.List;

/**
 * The default check: every pod of the track is Ready and no container restarted more than {@code maxRestarts} times.
 * A pod being deleted does not count (a scale-down in progress); no pod at all is Inconclusive.
 */
public record PodHealthAnalysis(int maxRestarts) {

    public static final String CHECK = "podHealth";

    public static PodHealthAnalysis defaults() {
        return new PodHealthAnalysis(0);
    }

    public Measurement measure(List<Pod> pods) {
        List<Pod> running = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        if (running.isEmpty()) {
            return Measurement.inconclusive(CHECK, null, (double) maxRestarts, "no pods yet");
        }
        int restarts = 0;
        String worst = null;
        long unready = 0;
        for (Pod pod : running) {
            int r = restarts(pod);
            if (r > restarts || worst == null) {
                restarts = Math.max(r, restarts);
                worst = r == restarts ? pod.getMetadata().getName() : worst;
            }
            unready += ready(pod) ? 0 : 1;
        }
        boolean passed = restarts <= maxRestarts && unready == 0;
        String message = unready + " of " + running.size() + " pods not ready; most restarts " + restarts
                + " (pod " + worst + "), maxRestarts " + maxRestarts;
        return new Measurement(Instant.now(), CHECK, (double) restarts, (double) maxRestarts,
                passed ? Outcome.PASSED : Outcome.FAILED, message);
    }

    private static int restarts(Pod pod) {
        List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
        return statuses == null ? 0 : statuses.stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).max().orElse(0);
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
