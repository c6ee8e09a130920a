package dev.plumbline.reconcile;

import dev.plumbline.diff.Verdict;
import dev.plumbline.health.Health;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status churn costs nothing (issue 17): while a controller writes {@code /status} of a tenth of the environment's
 * Deployments through the status subresource, again and again, the running Reconciler makes no reconcile API call and
 * no watch event asks for a cycle ({@link Reconciler#needsCycle} stays false, as the agent's ReconcileJob asks it
 * before running one); a spec edit in the middle of the churn is still reported as drift within a second.
 */
@ExtendWith(KubernetesExtension.class)
class StatusChurnIT {

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    private static final int DEPLOYMENTS = 40;
    private static final int CHURNED = DEPLOYMENTS / 10;
    private static final Duration CHURN = Duration.ofSeconds(4);

    /** The value each round writes; the API server refuses a collisionCount that goes down. */
    private final AtomicInteger tick = new AtomicInteger();

    @Test
    void statusWritesCostNoCallAndNoCycleAndASpecEditIsStillReportedWithinASecond() throws Exception {
        Reconciler reconciler = synced();
        AtomicInteger asked = new AtomicInteger();
        AtomicInteger cycles = new AtomicInteger();
        AtomicReference<EnvironmentReport> lastCycle = new AtomicReference<>();
        ExecutorService job = Executors.newSingleThreadExecutor();
        it.closeLater(job::shutdownNow);
        // What the agent's ReconcileJob does with a watch event: run a cycle only when needsCycle says so.
        it.closeLater(reconciler.onLiveChange(it.env, () -> {
            asked.incrementAndGet();
            job.execute(() -> {
                if (reconciler.needsCycle(it.env)) {
                    cycles.incrementAndGet();
                    lastCycle.set(reconciler.cycle(it.env, Trigger.SELF_HEAL));
                }
            });
        }));
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();

        int writes = churn(CHURN);
        Thread.sleep(500); // the last writes' watch events arrive
        Map<String, Long> calls = it.connection().reconcileCalls().since(before);
        System.out.printf("status churn: %d status writes, %d watch events passed on, %d cycles, reconcile calls %s%n",
                writes, asked.get(), cycles.get(), calls);
        assertThat(writes).isGreaterThanOrEqualTo(CHURNED * 4);
        assertThat(calls).as("reconcile API calls during the churn").isEmpty();
        assertThat(cycles.get()).as("cycles run for status writes").isZero();
        assertThat(reconciler.needsCycle(it.env)).isFalse();

        // A spec edit while the churn goes on is a change: reported as drift within a second.
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService churner = Executors.newSingleThreadExecutor();
        it.closeLater(churner::shutdownNow);
        Future<Integer> churning = churner.submit(() -> churnUntil(stop));
        Thread.sleep(300);
        long edited = System.nanoTime();
        client().apps().deployments().inNamespace(it.env).withName("web-" + (DEPLOYMENTS - 1))
                .edit(d -> { d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:9.9"); return d; });
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> lastCycle.get() != null
                && modified(lastCycle.get(), "web-" + (DEPLOYMENTS - 1)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - edited);
        stop.set(true);
        churning.get(10, TimeUnit.SECONDS);
        System.out.printf("spec edit during the churn reported as drift after %d ms (%d cycles)%n", millis, cycles.get());
        assertThat(lastCycle.get().drifted()).isTrue();
    }

    /**
     * A status write that changes an object's health (a rollout past its progress deadline) is not churn: the report
     * shows health, so it is worth a cycle, which reports Degraded; the churn around it still runs none.
     */
    @Test
    void aStatusWriteThatChangesHealthRunsACycleThatReportsIt() throws Exception {
        Reconciler reconciler = synced();
        AtomicInteger cycles = new AtomicInteger();
        AtomicReference<EnvironmentReport> lastCycle = new AtomicReference<>();
        ExecutorService job = Executors.newSingleThreadExecutor();
        it.closeLater(job::shutdownNow);
        it.closeLater(reconciler.onLiveChange(it.env, () -> job.execute(() -> {
            if (reconciler.needsCycle(it.env)) {
                cycles.incrementAndGet();
                lastCycle.set(reconciler.cycle(it.env, Trigger.SELF_HEAL));
            }
        })));
        churn(Duration.ofSeconds(1));
        Thread.sleep(300);
        assertThat(cycles.get()).as("cycles for health-neutral status writes").isZero();

        String name = "web-" + (DEPLOYMENTS - 1);
        long generation = client().apps().deployments().inNamespace(it.env).withName(name).get().getMetadata().getGeneration();
        client().apps().deployments().inNamespace(it.env).withName(name).status().patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"observedGeneration\":" + generation + ",\"conditions\":[{\"type\":\"Progressing\","
                        + "\"status\":\"False\",\"reason\":\"ProgressDeadlineExceeded\",\"message\":\"stuck\"}]}}");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> lastCycle.get() != null
                && lastCycle.get().health().health() == Health.Degraded);
        assertThat(cycles.get()).isGreaterThanOrEqualTo(1);
    }

    /** The environment synced and every Deployment's rollout (the simulator's status writes) judged. */
    private Reconciler synced() {
        StringBuilder deployments = new StringBuilder();
        for (int i = 0; i < DEPLOYMENTS; i++) {
            deployments.append(ReconcilerHarness.yaml("deployment-n-desired").formatted(i, it.env));
        }
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\nsync:\n  selfHeal: false\n")
                .write("environments/" + it.env + "/app.yaml", deployments.toString()).commit("deployments");
        Reconciler reconciler = it.start();
        assertThat(reconciler.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            EnvironmentReport report = reconciler.cycle(it.env, Trigger.POLL);
            return report.health().health() == Health.Healthy && !reconciler.needsCycle(it.env);
        });
        return reconciler;
    }

    /** Writes {@code /status} of the first tenth of the Deployments, every 250 ms, for {@code duration}. */
    private int churn(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        int writes = 0;
        while (System.nanoTime() < end) {
            writes += round();
            Thread.sleep(250);
        }
        return writes;
    }

    private int churnUntil(AtomicBoolean stop) throws InterruptedException {
        int writes = 0;
        while (!stop.get()) {
            writes += round();
            Thread.sleep(100);
        }
        return writes;
    }

    /** One round: a status-only write to each churned Deployment, as its controller would (a counter it keeps). */
    private int round() {
        int n = tick.incrementAndGet();
        for (int i = 0; i < CHURNED; i++) {
            client().apps().deployments().inNamespace(it.env).withName("web-" + i).status()
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"collisionCount\":" + n + "}}");
        }
        return CHURNED;
    }

    private static boolean modified(EnvironmentReport report, String name) {
        return report.entries().stream().anyMatch(e -> e.kind().equals("Deployment") && e.name().equals(name)
                && e.status() == Verdict.Modified);
    }

    private KubernetesClient client() {
        return it.cluster.client();
    }
}
