package dev.plumbline.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    private final HealthChecks checks = HealthChecks.defaults();

    @Test
    void anAbsentObjectIsMissing() {
        assertThat(checks.assess(null)).isEqualTo(HealthStatus.of(Health.Missing, "object does not exist"));
    }

    @Test
    void aRegisteredCheckReplacesTheBuiltInOneForItsGroupAndKindOnly() {
        HealthChecks custom = checks.with("apps", "Deployment", live -> HealthStatus.of(Health.Suspended, "custom"));

        assertThat(custom.assess(object("apps/v1", "Deployment"))).isEqualTo(HealthStatus.of(Health.Suspended, "custom"));
        assertThat(checks.assess(object("apps/v1", "Deployment")).code()).isEqualTo(Health.Progressing);
        assertThat(custom.assess(object("example.com/v1", "Deployment"))).isEqualTo(HealthStatus.healthy());
    }

    @Test
    void aCheckThatThrowsGivesUnknownNotACrash() {
        HealthChecks broken = checks.with("", "ConfigMap", live -> {
            throw new IllegalStateException("boom");
        });

        assertThat(broken.assess(object("v1", "ConfigMap")))
                .isEqualTo(HealthStatus.of(Health.Unknown, "health assessment failed: java.lang.IllegalStateException: boom"));
    }

    @Test
    void environmentHealthIsTheWorst() {
        assertThat(HealthChecks.worst(List.of())).isEqualTo(Health.Healthy);
        assertThat(HealthChecks.worst(List.of(HealthStatus.healthy(), HealthStatus.of(Health.Suspended, ""),
                HealthStatus.of(Health.Progressing, "")))).isEqualTo(Health.Progressing);
        assertThat(HealthChecks.worst(List.of(HealthStatus.of(Health.Degraded, "x"), HealthStatus.of(Health.Missing, ""))))
                .isEqualTo(Health.Degraded);
        assertThat(HealthChecks.worst(List.of(HealthStatus.of(Health.Unknown, ""), HealthStatus.of(Health.Missing, ""))))
                .isEqualTo(Health.Unknown);
    }

    @Test
    void aSummaryCountsCodesAndNamesEveryObjectThatIsNotHealthy() {
        HealthSummary summary = HealthSummary.of(Map.of(
                ResourceKey.of("apps", "Deployment", "shop", "orders-api"),
                HealthStatus.of(Health.Progressing, "1 of 3 updated replicas are available"),
                ResourceKey.of("", "ConfigMap", "shop", "settings"), HealthStatus.healthy(),
                ResourceKey.of("", "Namespace", null, "shop"), HealthStatus.healthy(),
                ResourceKey.of("batch", "Job", "shop", "migrate"), HealthStatus.of(Health.Missing, "")));

        assertThat(summary.health()).isEqualTo(Health.Missing);
        assertThat(summary.counts()).containsExactly(Map.entry(Health.Healthy, 2), Map.entry(Health.Progressing, 1),
                Map.entry(Health.Missing, 1));
        assertThat(summary.count(Health.Degraded)).isZero();
        assertThat(summary.messages()).containsExactly(
                "Deployment/shop/orders-api: Progressing: 1 of 3 updated replicas are available",
                "Job/shop/migrate: Missing");
        assertThat(HealthSummary.of(Map.of()).health()).isEqualTo(Health.Healthy);
    }

    private static GenericKubernetesResource object(String apiVersion, String kind) {
        return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion).withKind(kind)
                .withNewMetadata().withName("x").withNamespace("shop").withGeneration(1L).endMetadata().build();
    }
}
