package dev.plumbline.analysis;

import dev.plumbline.config.PolicyParser;
import dev.plumbline.config.Rollout;
import dev.plumbline.history.RolloutRecord;
import dev.plumbline.rollout.Analyses;
import dev.plumbline.testing.MetricsExporter;
import dev.plumbline.testing.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The metrics check against a real Prometheus (Debian 12's) scraping an exporter this test controls: the canary's
 * error ratio against the stable one's, absolute bounds, and what is inconclusive (no data, Prometheus down) or the
 * repository's mistake (many series, bad PromQL). A stub answering PromQL would not show how Prometheus answers.
 */
class PrometheusAnalysisIT {

    private static final String CANARY = "error_ratio{track=\"canary\"}";
    private static final String STABLE = "error_ratio{track=\"stable\"}";

    @TempDir
    static Path dir;
    static MetricsExporter exporter;
    static PrometheusServer prometheus;
    static PrometheusClient client;

    @BeforeAll
    static void start() throws Exception {
        exporter = new MetricsExporter().set(CANARY, 0.02).set(STABLE, 0.015);
        prometheus = new PrometheusServer(dir, List.of(exporter.target()));
        client = new PrometheusClient(prometheus.address(), Duration.ofSeconds(2));
        awaitValue(CANARY, 0.02);
        awaitValue(STABLE, 0.015);
    }

    @AfterAll
    static void stop() throws Exception {
        prometheus.close();
        exporter.close();
    }

    @Test
    void aCanaryWithinBaselinePlusMaxIncreasePasses() {
        Measurement m = new PrometheusAnalysis(CANARY, STABLE, 0.01, null).measure(client);
        assertThat(m.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(m.passed()).isTrue();
        assertThat(m.check()).isEqualTo("prometheus");
        assertThat(m.value()).isEqualTo(0.02);
        assertThat(m.threshold()).isCloseTo(0.025, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCanaryAboveBaselinePlusMaxIncreaseFailsAndSaysByHowMuch() {
        exporter.set("error_ratio{track=\"worse\"}", 0.2);
        awaitValue("error_ratio{track=\"worse\"}", 0.2);
        Measurement m = new PrometheusAnalysis("error_ratio{track=\"worse\"}", STABLE, 0.01, null).measure(client);
        assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(m.passed()).isFalse();
        assertThat(m.value()).isEqualTo(0.2);
        assertThat(m.message()).contains("canary 0.2 > 0.025").contains("baseline 0.015");
    }

    @Test
    void withoutABaselineTheAbsoluteMaxDecides() {
        assertThat(new PrometheusAnalysis(CANARY, null, 0, 0.05).measure(client).outcome()).isEqualTo(Outcome.PASSED);
        Measurement failed = new PrometheusAnalysis(CANARY, null, 0, 0.01).measure(client);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.threshold()).isEqualTo(0.01);
    }

    @Test
    void noDataYetIsInconclusiveNotAPass() {
        Measurement m = new PrometheusAnalysis("error_ratio{track=\"preview\"}", STABLE, 0.01, null).measure(client);
        assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(m.passed()).isNull();
        assertThat(m.message()).contains("returned no series");
        // an error ratio of no requests is 0/0: NaN is no data either
        Measurement nan = new PrometheusAnalysis(CANARY + " / 0 * 0", null, 0, 0.05).measure(client);
        assertThat(nan.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(nan.message()).contains("NaN");
    }

    @Test
    void aQueryAnsweringManySeriesIsTheRepositorysMistake() {
        assertThatThrownBy(() -> new PrometheusAnalysis("error_ratio", null, 0, 0.05).measure(client))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("query error_ratio failed: it returns 2 series, it must return one series");
    }

    @Test
    void aQueryAnsweringManySeriesFailsTheStepAsTheRepositorysErrorAtTheQuerysLine() {
        String file = "environments/shop/plumbline.yaml";
        Rollout.Analysis analysis = PolicyParser.parse(file, """
                rollouts:
                  web:
                    strategy: canary
                    service: web
                    steps: [100]
                    analysis:
                      prometheus:
                        address: %s
                        query: error_ratio
                        max: 0.05
                """.formatted(prometheus.address())).rollout("web").orElseThrow().analysis();
        RolloutRecord.Check check = Analyses.defaults().measure(analysis, null, List.of()).get(1);
        assertThat(check.passed()).isFalse();
        assertThat(check.message()).startsWith(file + ":9: query error_ratio failed: it returns 2 series, it must return one series");
    }

    @Test
    void badPromQlIsRefusedWithPrometheusOwnWords() {
        assertThatThrownBy(() -> new PrometheusAnalysis("sum(error_ratio", null, 0, 0.05).measure(client))
                .isInstanceOf(AnalysisException.class)
                .hasMessageContaining("query sum(error_ratio failed: Prometheus refused it: bad_data");
    }

    @Test
    void prometheusDownIsInconclusiveAndBackUpAnswersAgain() throws Exception {
        prometheus.stop();
        try {
            Measurement m = new PrometheusAnalysis(CANARY, STABLE, 0.01, null).measure(client);
            assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
            assertThat(m.message()).contains("Prometheus at " + prometheus.address()).contains("query failed");
        } finally {
            prometheus.start();
        }
        awaitValue(CANARY, 0.02);
        assertThat(new PrometheusAnalysis(CANARY, STABLE, 0.01, null).measure(client).outcome()).isEqualTo(Outcome.PASSED);
    }

    private static void awaitValue(String query, double expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                client.query(query) instanceof PrometheusClient.Result.Value v && v.value() == expected);
    }
}
