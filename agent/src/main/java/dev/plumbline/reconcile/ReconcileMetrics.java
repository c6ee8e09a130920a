package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.live.ClusterConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Prometheus metrics of the reconcile loop: objects per verdict per environment, last successful check, check
 * duration, reconcile API calls by verb (the informers' own traffic separately), Git fetch duration and failures.
 */
final class ReconcileMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private final Set<String> verbs = ConcurrentHashMap.newKeySet();
    private final ClusterConnection cluster;
    private final Timer fetch;
    private final Counter fetchFailures;

    ReconcileMetrics(MeterRegistry registry, ClusterConnection cluster) {
        this.registry = registry;
        this.cluster = cluster;
        this.fetch = Timer.builder("plumbline.git.fetch.duration").description("ls-remote + fetch of the followed branch").register(registry);
        this.fetchFailures = Counter.builder("plumbline.git.fetch.failures").description("failed Git fetches").register(registry);
    }

    <T> T timeFetch(Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (e instanceof dev.plumbline.source.SourceException) {
                fetchFailures.increment();
            }
            throw e;
        } finally {
            fetch.record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    void checked(EnvironmentReport report, long nanos) {
        String env = report.environment();
        Timer.builder("plumbline.diff.duration").description("one drift check of one environment")
                .tag("environment", env).register(registry).record(Duration.ofNanos(nanos));
        for (Verdict v : Verdict.values()) {
            gauge("plumbline.objects", "objects per verdict", env, "verdict", v.name()).set(report.counts().get(v));
        }
        gauge("plumbline.check.last.success", "epoch seconds of the last successful check", env, null, null)
                .set(report.checkedAt().getEpochSecond());
        registerVerbs();
    }

    /**
     * DORA counters: deployments by result, and lead time (commit → applied) of successful ones. A deployment is what
     * {@link dev.plumbline.history.Deployments} says it is, the definition {@code GET …/dora} uses.
     */
    void deployed(String env, String result, Duration leadTime) {
        Counter.builder("plumbline.deployments").description("new revisions that reached the cluster (DORA deployment frequency, change failure rate)")
                .tag("environment", env).tag("result", result).register(registry).increment();
        if (leadTime != null && !leadTime.isNegative()) {
            Timer.builder("plumbline.lead.time").description("commit time to applied (DORA lead time for changes)")
                    .tag("environment", env).register(registry).record(leadTime);
        }
    }

    void failed(String env) {
        Counter.builder("plumbline.check.failures").tag("environment", env).register(registry).increment();
        registerVerbs();
    }

    /** One function counter per verb seen, read from the connection's counters. */
    private void registerVerbs() {
        cluster.reconcileCalls().snapshot().keySet().forEach(verb -> register("reconcile", verb));
        cluster.watchCalls().snapshot().keySet().forEach(verb -> register("watch", verb));
    }

    private void register(String channel, String verb) {
        if (verbs.add(channel + "/" + verb)) {
            var counter = channel.equals("reconcile") ? cluster.reconcileCalls() : cluster.watchCalls();
            FunctionCounter.builder("plumbline.api.calls", counter, c -> c.count(verb))
                    .description("Kubernetes API requests; channel=reconcile is the reconcile path, watch the informers and discovery")
                    .tag("channel", channel).tag("verb", verb).register(registry);
        }
    }

    private AtomicLong gauge(String name, String description, String env, String tagKey, String tagValue) {
        String id = name + "|" + env + "|" + tagValue;
        return values.computeIfAbsent(id, k -> {
            AtomicLong value = new AtomicLong();
            var builder = Gauge.builder(name, value, AtomicLong::get).description(description).tag("environment", env);
            if (tagKey != null) {
                builder.tag(tagKey, tagValue);
            }
            builder.register(registry);
            return value;
        });
    }
}
