package dev.plumbline.analysis;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every pod of the track Ready, no container restarted more than allowed; no pods yet is not a verdict. */
class PodHealthAnalysisTest {

    @Test
    void readyPodsWithinTheRestartLimitPass() {
        Measurement m = new PodHealthAnalysis(1).measure(List.of(pod("a", true, 0), pod("b", true, 1)));
        assertThat(m.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(m.value()).isEqualTo(1.0);
        assertThat(m.threshold()).isEqualTo(1.0);
    }

    @Test
    void restartsAboveTheLimitFailNamingThePod() {
        Measurement m = PodHealthAnalysis.defaults().measure(List.of(pod("a", true, 0), pod("b", true, 3)));
        assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(m.value()).isEqualTo(3.0);
        assertThat(m.message()).contains("most restarts 3 (pod b), maxRestarts 0");
    }

    @Test
    void aPodNotReadyFails() {
        Measurement m = PodHealthAnalysis.defaults().measure(List.of(pod("a", true, 0), pod("b", false, 0)));
        assertThat(m.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(m.message()).startsWith("1 of 2 pods not ready");
    }

    @Test
    void noPodsOrOnlyPodsBeingDeletedIsInconclusive() {
        assertThat(PodHealthAnalysis.defaults().measure(List.of()).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        Pod leaving = new PodBuilder(pod("a", false, 5)).editMetadata().withDeletionTimestamp("2026-12-06T00:00:00Z").endMetadata().build();
        Measurement m = PodHealthAnalysis.defaults().measure(List.of(leaving));
        assertThat(m.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(m.passed()).isNull();
    }

    private static Pod pod(String name, boolean ready, int restarts) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .addNewContainerStatus().withName("app").withRestartCount(restarts).withReady(ready).endContainerStatus()
                .endStatus().build();
    }
}
