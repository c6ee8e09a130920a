package dev.plumbline.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = PolicyParserTest.class.getResourceAsStream("/config/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void absentFileGivesDefaults() {
        EnvironmentPolicy p = PolicyParser.parse("environments/x/plumbline.yaml", null);
        assertThat(p).isEqualTo(EnvironmentPolicy.defaults());
        assertThat(p.sync().auto()).isTrue();
        assertThat(p.sync().prune()).isTrue();
        assertThat(p.sync().selfHeal()).isTrue();
        assertThat(p.sync().suspend()).isFalse();
        assertThat(p.sync().allowEmpty()).isFalse();
        assertThat(p.sync().maxPrunePercent()).isEqualTo(30);
        assertThat(p.sync().maxPruneCount()).isEqualTo(5);
        assertThat(p.sync().waitTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.restrictions().namespaces()).isNull();
        assertThat(p.restrictions().clusterScoped()).isNull();
    }

    @Test
    void emptyFileGivesDefaults() throws IOException {
        assertThat(PolicyParser.parse("p.yaml", fixture("empty"))).isEqualTo(EnvironmentPolicy.defaults());
    }

    @Test
    void everyKeyIsRead() throws IOException {
        EnvironmentPolicy p = PolicyParser.parse("full.yaml", fixture("full"));
        assertThat(p.namespace()).isEqualTo("shop");
        assertThat(p.sync()).isEqualTo(new EnvironmentPolicy.Sync(false, false, false, true, true, 50, 10, Duration.ofMinutes(90)));
        assertThat(p.restrictions().namespaces()).containsExactly("shop", "shop-*");
        assertThat(p.restrictions().clusterScoped()).isEmpty();
        assertThat(p.ignoreDifferences()).containsExactly(
                new EnvironmentPolicy.IgnoreRule(null, "Deployment", null, "orders-api", List.of("/spec/replicas"), List.of()),
                new EnvironmentPolicy.IgnoreRule("apps", "StatefulSet", null, null, List.of(), List.of("kube-controller-manager")));
        assertThat(p.ignoreDifferences().get(1).matches("apps", "StatefulSet", "shop", "db")).isTrue();
        assertThat(p.ignoreDifferences().get(1).matches("", "StatefulSet", "shop", "db")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown-sync-key     | p.yaml:4: unknown key sync.pruning (allowed: allowEmpty, auto, maxPruneCount, maxPrunePercent, prune, rollbackOnDegraded, selfHeal, suspend, waitTimeout)",
            "unknown-top-key      | p.yaml:2: unknown key syncs (allowed: ignoreDifferences, namespace, promotion, restrictions, rollouts, sync)",
            "bad-bool             | p.yaml:2: sync.auto must be true or false, not 'maybe'",
            "percent-range        | p.yaml:2: sync.maxPrunePercent must be a whole number from 0 to 100, not '150'",
            "bad-duration         | p.yaml:2: sync.waitTimeout must be a duration such as 90s, 5m or 1h30m, not 'five minutes'",
            "namespaces-not-list  | p.yaml:2: restrictions.namespaces must be a list of strings",
            "ignore-without-paths | p.yaml:2: an ignoreDifferences entry needs paths or managers",
            "duplicate-key        | p.yaml:2: duplicate key namespace (first at line 1)",
            "malformed            | p.yaml:3: invalid YAML",
            "sync-not-mapping     | p.yaml:1: sync must be a mapping",
    })
    void badInputNamesFileAndLine(String fixture, String expected) throws IOException {
        String text = fixture(fixture);
        assertThatThrownBy(() -> PolicyParser.parse("p.yaml", text))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).problems()).anySatisfy(p -> assertThat(p).startsWith(expected)))
                .hasMessageStartingWith("p.yaml parse failed: ");
    }

    @Test
    void allProblemsAreReportedNotJustTheFirst() {
        String text = "sync:\n  auto: maybe\n  prune: 3\nextra: 1\n";
        assertThatThrownBy(() -> PolicyParser.parse("p.yaml", text))
                .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.problems()).containsExactly(
                        "p.yaml:4: unknown key extra (allowed: ignoreDifferences, namespace, promotion, restrictions, rollouts, sync)",
                        "p.yaml:2: sync.auto must be true or false, not 'maybe'",
                        "p.yaml:3: sync.prune must be true or false, not '3'"));
    }

    @Test
    void theRepositorysOwnEnvironmentsParse() throws IOException {
        Path root = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath();
        EnvironmentPolicy staging = PolicyParser.parse("staging", Files.readString(root.resolve("environments/staging/plumbline.yaml")));
        EnvironmentPolicy production = PolicyParser.parse("production", Files.readString(root.resolve("environments/production/plumbline.yaml")));
        assertThat(staging.sync().auto()).isTrue();
        assertThat(staging.namespace()).isEqualTo("shop-staging");
        assertThat(production.sync().auto()).isFalse();
        assertThat(production.restrictions().namespaces()).containsExactly("shop-production");
    }

    @Test
    void durationsRoundTrip() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThatThrownBy(() -> Durations.parse("5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("5m3")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void promotionNamesTheEnvironmentBeforeAndTheSoak() {
        EnvironmentPolicy p = PolicyParser.parse("plumbline.yaml", "namespace: shop\npromotion:\n  after: staging\n  soak: 10m\n");
        assertThat(p.promotion()).isEqualTo(new EnvironmentPolicy.Promotion("staging", Duration.ofMinutes(10), 3));
        assertThat(PolicyParser.parse("p.yaml", "promotion: {after: qa}\n").promotion().soak()).isZero();
        assertThat(PolicyParser.parse("p.yaml", "namespace: shop\n").promotion()).isNull();
    }

    @Test
    void badPromotionIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> PolicyParser.parse("environments/prod/plumbline.yaml",
                "namespace: shop\npromotion:\n  after: staging\n  soak: ten minutes\n"))
                .isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).problems()).containsExactly(
                        "environments/prod/plumbline.yaml:4: promotion.soak must be a duration such as 90s, 5m or 1h30m, not 'ten minutes'"));
        assertThatThrownBy(() -> PolicyParser.parse("p.yaml", "promotion:\n  soak: 5m\n  wait: 1m\n"))
                .satisfies(e -> assertThat(((PolicyException) e).problems()).containsExactly(
                        "p.yaml:3: unknown key promotion.wait (allowed: after, soak)",
                        "p.yaml:2: promotion needs after: the environment that runs a revision first"));
    }

    @Test
    void rollbackOnDegradedIsOffByDefaultAndABoolean() {
        assertThat(PolicyParser.parse("p.yaml", "namespace: shop\n").sync().rollbackOnDegraded()).isFalse();
        assertThat(PolicyParser.parse("p.yaml", "sync:\n  rollbackOnDegraded: true\n").sync().rollbackOnDegraded()).isTrue();
        assertThatThrownBy(() -> PolicyParser.parse("p.yaml", "sync:\n  rollbackOnDegraded: yes\n"))
                .satisfies(e -> assertThat(((PolicyException) e).problems())
                        .containsExactly("p.yaml:2: sync.rollbackOnDegraded must be true or false, not 'yes'"));
    }
}
