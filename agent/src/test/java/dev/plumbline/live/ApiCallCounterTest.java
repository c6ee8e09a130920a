package dev.plumbline.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ApiCallCounterTest {

    @Test
    void countsByVerbAndTakesDeltas() {
        ApiCallCounter counter = new ApiCallCounter("reconcile");
        counter.record("get");
        Map<String, Long> before = counter.snapshot();
        counter.record("get");
        counter.record("dryRunApply");

        assertThat(before).containsExactly(Map.entry("get", 1L));
        assertThat(counter.since(before)).containsExactly(Map.entry("dryRunApply", 1L), Map.entry("get", 1L));
        assertThat(counter.totalSince(before)).isEqualTo(2);
        assertThat(counter.total()).isEqualTo(3);
        assertThat(counter.count("apply")).isZero();
        assertThat(counter.since(counter.snapshot())).isEmpty();
    }

    @Test
    void isThreadSafe() throws InterruptedException {
        ApiCallCounter counter = new ApiCallCounter("reconcile");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            pool.submit(() -> {
                for (int j = 0; j < 10_000; j++) {
                    counter.record(j % 2 == 0 ? "get" : "list");
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(counter.snapshot()).containsEntry("get", 20_000L).containsEntry("list", 20_000L);
    }
}
