package dev.plumbline.rollout;

import dev.plumbline.analysis.AnalysisException;
import dev.plumbline.analysis.Measurement;
import dev.plumbline.analysis.Outcome;
import dev.plumbline.analysis.PodHealthAnalysis;
import dev.plumbline.analysis.PrometheusAnalysis;
import dev.plumbline.analysis.PrometheusClient;
import dev.plumbline.config.Rollout;
import dev.plumbline.health.DeploymentHealth;
import dev.plumbline.health.Health;
import dev.plumbline.health.HealthStatus;
import dev.plumbline.history.RolloutRecord;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures a rollout's checks for the new version: {@code podHealth} always, {@code prometheus} when configured.
 *
 * <p>{@code podHealth} reads the new version's Deployment first, then its pods: a Deployment past its progress deadline
 * fails (whatever the pods say; that is how a rollout that never gets ready shows), one still rolling out is
 * inconclusive, and a settled one is judged on its pods (ready, restarts at most {@code maxRestarts}). Where no pod
 * can be listed although the Deployment reports its replicas available (a status simulation without a kubelet), the
 * Deployment's word is taken.
 */
public final class Analyses {

    /** The new version is still rolling out: the step waits for it, and this does not count as inconclusive. */
    public static final String NOT_READY = "not ready yet: ";

    private final Duration timeout;

    public Analyses(Duration timeout) {
        this.timeout = timeout;
    }

    public static Analyses defaults() {
        return new Analyses(Duration.ofSeconds(5));
    }

    /** Every check's measurement of the new version, in a fixed order (podHealth, prometheus). */
    public List<RolloutRecord.Check> measure(Rollout.Analysis analysis, GenericKubernetesResource deployment, List<Pod> pods) {
        List<RolloutRecord.Check> out = new ArrayList<>();
        out.add(check(podHealth(analysis.podHealth(), deployment, pods)));
        if (analysis.prometheus() != null) {
            out.add(check(prometheus(analysis.prometheus())));
        }
        return out;
    }

    Measurement podHealth(Rollout.PodHealth podHealth, GenericKubernetesResource deployment, List<Pod> pods) {
        String check = PodHealthAnalysis.CHECK;
        double threshold = podHealth.maxRestarts();
        if (deployment == null) {
            return new Measurement(Instant.now(), check, null, threshold, Outcome.INCONCLUSIVE, NOT_READY + "the new version's Deployment is not there");
        }
        HealthStatus health = new DeploymentHealth().assess(deployment);
        if (health.code() == Health.Degraded) {
            return new Measurement(Instant.now(), check, null, threshold, Outcome.FAILED, health.message());
        }
        if (health.code() != Health.Healthy) {
            return new Measurement(Instant.now(), check, null, threshold, Outcome.INCONCLUSIVE, NOT_READY + health.message());
        }
        if (pods.isEmpty()) {
            return new Measurement(Instant.now(), check, 0.0, threshold, Outcome.PASSED,
                    "Deployment reports every replica available (no pods listed)");
        }
        return new PodHealthAnalysis(podHealth.maxRestarts()).measure(pods);
    }

    Measurement prometheus(Rollout.Prometheus p) {
        try {
            return new PrometheusAnalysis(p.query(), p.baseline(), p.maxIncrease(), p.max())
                    .measure(new PrometheusClient(p.address(), timeout));
        } catch (AnalysisException e) {
            // A query Prometheus refuses or that answers many series cannot become right by waiting: the repository's
            // error, at the line that wrote the query (the message names the query it ran).
            boolean ofBaseline = p.baseline() != null && !p.baseline().equals(p.query())
                    && e.getMessage().startsWith("query " + p.baseline() + " failed");
            String at = ofBaseline ? p.baselineAt() : p.queryAt();
            return new Measurement(Instant.now(), PrometheusAnalysis.CHECK, null, null, Outcome.FAILED,
                    at == null ? e.getMessage() : at + ": " + e.getMessage());
        }
    }

    static RolloutRecord.Check check(Measurement m) {
        return new RolloutRecord.Check(m.at(), m.check(), m.value(), m.threshold(), m.passed(), m.message());
    }

    /** The checks' combined word: any failure fails, else any inconclusive is inconclusive. */
    public static Outcome outcome(List<RolloutRecord.Check> checks) {
        if (checks.stream().anyMatch(c -> Boolean.FALSE.equals(c.passed()))) {
            return Outcome.FAILED;
        }
        return checks.stream().anyMatch(c -> c.passed() == null) ? Outcome.INCONCLUSIVE : Outcome.PASSED;
    }

    /** Only the new version's rollout is unfinished (no data problem): the step waits, the limit is not counted. */
    public static boolean waiting(List<RolloutRecord.Check> checks) {
        return checks.stream().filter(c -> c.passed() == null).allMatch(c -> c.message().startsWith(NOT_READY))
                && checks.stream().noneMatch(c -> Boolean.FALSE.equals(c.passed()));
    }

    /** A failed (else inconclusive) check in words: {@code podHealth: <message>}. */
    public static String why(List<RolloutRecord.Check> checks) {
        return checks.stream().filter(c -> !Boolean.TRUE.equals(c.passed()))
                .sorted((a, b) -> Boolean.compare(a.passed() != null, b.passed() != null) * -1)
                .map(c -> c.check() + ": " + c.message()
                        + (c.value() != null ? " (value " + c.value() + (c.threshold() != null ? ", threshold " + c.threshold() : "") + ")"
                        : c.threshold() != null ? " (threshold " + c.threshold() + ")" : ""))
                .findFirst().orElse("every check passed");
    }

}
