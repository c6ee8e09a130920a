package dev.plumbline.schedule;

import dev.plumbline.live.Reachability;
import dev.plumbline.reconcile.Agent;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /health/readiness} (every indicator without {@code @Liveness} counts there): DOWN while the API server does
 * not answer, so the Service stops routing drift reports and syncs to an agent that can neither see nor change the
 * cluster. Not liveness: a restart does not bring a cluster back. An agent without a repository is ready (it serves
 * health only, and says why in its logs).
 */
@Singleton
public class ClusterReadiness implements HealthIndicator {

    static final String NAME = "plumbline-cluster";

    private final Reachability reachability;

    public ClusterReadiness(Agent agent) {
        this.reachability = agent.active().map(r -> Reachability.of(r.cluster())).orElse(null);
    }

    @Override
    public Publisher<HealthResult> getResult() {
        if (reachability == null) {
            return Publishers.just(HealthResult.builder(NAME, HealthStatus.UP).details(Map.of("cluster", "not configured"))
                    .build());
        }
        CompletableFuture<HealthResult> result = reachability.check().thenApply(r -> HealthResult
                .builder(NAME, r.reachable() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("cluster", r.message(), "checkedAt", r.at().toString())).build());
        return Publishers.fromCompletableFuture(result);
    }
}
