package dev.plumbline.health;

import dev.plumbline.kube.Live;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every kind without a check of its own, judged by the conventions most controllers follow (kstatus,
 * https://github.com/kubernetes-sigs/cli-utils/blob/master/pkg/kstatus/README.md, and Flux's {@code Ready}):
 * <ul>
 *   <li>no status, or one without conditions: Healthy — ConfigMaps, Secrets, RBAC, ClusterIP Services have nothing
 *       to wait for;</li>
 *   <li>{@code status.observedGeneration} behind {@code metadata.generation}: Progressing, the controller has not
 *       seen the current spec, so its conditions describe an older one;</li>
 *   <li>{@code Stalled=True}: Degraded; {@code Reconciling=True}: Progressing;</li>
 *   <li>{@code Ready}, else {@code Available}: True is Healthy, Unknown is Progressing, False is Degraded unless its
 *       reason says the controller is still working (e.g. {@code Progressing}, {@code Pending}), then Progressing.</li>
 * </ul>
 */
public final class ConditionsHealth implements HealthCheck {

    /** Reason fragments that mean "not there yet" rather than "broken" (Flux uses {@code Progressing}). */
    private static final List<String> IN_PROGRESS = List.of("progress", "reconcil", "pending", "creating", "updating",
            "initializ", "provisioning", "waiting", "dependencynotready");

    @Override
    public HealthStatus assess(GenericKubernetesResource object) {
        Live live = new Live(object);
        if (!live.hasStatus()) {
            return HealthStatus.healthy();
        }
        Long generation = live.generation();
        Optional<Long> observed = live.number("status", "observedGeneration");
        if (generation != null && observed.isPresent() && observed.get() < generation) {
            return HealthStatus.of(Health.Progressing, "waiting for the controller to observe generation " + generation);
        }
        Optional<Live.Condition> stalled = live.condition("Stalled");
        if (stalled.isPresent() && stalled.get().isTrue()) {
            return HealthStatus.of(Health.Degraded, stalled.get().explain());
        }
        Optional<Live.Condition> reconciling = live.condition("Reconciling");
        if (reconciling.isPresent() && reconciling.get().isTrue()) {
            return HealthStatus.of(Health.Progressing, reconciling.get().explain());
        }
        Optional<Live.Condition> ready = live.condition("Ready").or(() -> live.condition("Available"));
        return ready.map(ConditionsHealth::judge).orElseGet(HealthStatus::healthy);
    }

    private static HealthStatus judge(Live.Condition condition) {
        if (condition.isTrue()) {
            return HealthStatus.healthy();
        }
        String explained = condition.type() + " is " + condition.status()
                + (condition.explain().isEmpty() ? "" : ": " + condition.explain());
        if (!condition.isFalse() || inProgress(condition.reason())) {
            return HealthStatus.of(Health.Progressing, explained);
        }
        return HealthStatus.of(Health.Degraded, explained);
    }

    private static boolean inProgress(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        return IN_PROGRESS.stream().anyMatch(r::contains);
    }
}
