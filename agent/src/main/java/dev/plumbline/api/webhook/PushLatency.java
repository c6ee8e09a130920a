package dev.plumbline.api.webhook;

import dev.plumbline.reconcile.EnvironmentReport;
import dev.plumbline.schedule.EnvironmentRunListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * "Push received → converged" per environment: the clock starts when a valid push for the environment arrives and
 * stops when a run of it completes without error at the pushed revision (at any run, when the payload names no SHA).
 * Until sync lands in the reconciler a run is fetch + drift check, so "converged" means the agent has compared the
 * cluster with the pushed commit; once runs apply, the same end point means the cluster was brought to it.
 * During a burst the clock keeps the earliest unconverged push, so the metric is the worst wait of the burst.
 */
@Singleton
public class PushLatency implements EnvironmentRunListener {

    static final String TIMER = "plumbline.webhook.push.to.converged";
    private static final Logger LOG = LoggerFactory.getLogger(PushLatency.class);

    private record Push(long receivedNanos, String sha) {
    }

    private final MeterRegistry registry;
    private final Map<String, Push> waiting = new ConcurrentHashMap<>();

    public PushLatency(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts (or, in a burst, keeps) the clock of an environment; {@code sha} is the pushed revision, if known. */
    void pushed(String environment, long receivedNanos, String sha) {
        waiting.merge(environment, new Push(receivedNanos, sha),
                (old, fresh) -> new Push(Math.min(old.receivedNanos(), fresh.receivedNanos()), fresh.sha()));
    }

    @Override
    public void ran(String environment, String reason, EnvironmentReport report) {
        Push push = waiting.get(environment);
        if (push == null || report.stale() || report.revision() == null
                || (push.sha() != null && !push.sha().equals(report.revision().sha()))) {
            return; // not (yet) at the pushed revision: a failed run, or a run that started before the push
        }
        if (!waiting.remove(environment, push)) {
            return; // a newer push arrived meanwhile; its own run will stop the clock
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - push.receivedNanos());
        Timer.builder(TIMER).description("from a valid push webhook to the first completed run at the pushed revision")
                .tag("environment", environment).register(registry).record(latency);
        LOG.info("{}: push → converged in {} ms (revision {}, run by {})", environment, latency.toMillis(),
                report.revision().shortSha(), reason);
    }
}
