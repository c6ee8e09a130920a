package dev.plumbline.schedule;

import dev.plumbline.reconcile.Agent;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /health/liveness}: DOWN when an environment's cycle has not finished within
 * {@code max(10 × poll-interval, 10 min)} — a cycle hung on a call that never returns, or a schedule that stopped
 * (no run started that long after one was due). Restarting is the cure for both; a slow or unreachable cluster is not
 * (that is readiness, {@link ClusterReadiness}): failed cycles end, and a backoff is not a hang. Also DOWN for good
 * once a cycle ended with a {@link VirtualMachineError} (an OutOfMemoryError in a JVM not told to exit): other threads
 * may have died with it, and only a new process starts clean.
 */
@Singleton
@Liveness
public class CycleLiveness implements HealthIndicator {

    static final String NAME = "plumbline-cycles";

    private final Agent agent;
    private final EnvironmentClock clock;

    public CycleLiveness(Agent agent, EnvironmentClock clock) {
        this.agent = agent;
        this.clock = clock;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(result(Instant.now()));
    }

    HealthResult result(Instant now) {
        Map<String, String> stuck = new TreeMap<>();
        if (clock.fatal() != null) {
            stuck.put("process", clock.fatal());
        }
        for (String environment : agent.environments()) {
            String why = clock.stuck(environment, now, clock.livenessLimit());
            if (why != null) {
                stuck.put(environment, why);
            }
        }
        return HealthResult.builder(NAME, stuck.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(stuck.isEmpty() ? Map.of("limit", clock.livenessLimit().toString()) : stuck).build();
    }
}
