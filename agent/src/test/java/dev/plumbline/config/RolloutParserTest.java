package dev.plumbline.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutParserTest {

    private static List<String> problems(String yaml) {
        try {
            PolicyParser.parse("p.yaml", yaml);
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("no problem found in:\n" + yaml);
    }

    @Test
    void aCanaryWithEveryKeyAndTheDefaults() {
        EnvironmentPolicy p = PolicyParser.parse("p.yaml", """
                namespace: shop
                rollouts:
                  web:
                    strategy: canary
                    service: web
                    steps: [10, 50, 100]
                    interval: 5s
                    analysis:
                      podHealth: {maxRestarts: 2}
                      maxInconclusive: 4
                      prometheus:
                        address: http://127.0.0.1:9090
                        query: canary_errors
                        baseline: stable_errors
                        maxIncrease: 0.01
                    autoRollback: false
                  api:
                    strategy: canary
                    service: api
                    steps: [100]
                """);
        Rollout web = p.rollout("web").orElseThrow();
        assertThat(web.strategy()).isEqualTo(Rollout.Strategy.CANARY);
        assertThat(web.service()).isEqualTo("web");
        assertThat(web.steps()).containsExactly(10, 50, 100);
        assertThat(web.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(web.analysis().podHealth().maxRestarts()).isEqualTo(2);
        assertThat(web.analysis().maxInconclusive()).isEqualTo(4);
        assertThat(web.analysis().prometheus()).isEqualTo(
                new Rollout.Prometheus("http://127.0.0.1:9090", "canary_errors", "stable_errors", 0.01, null, "p.yaml:13", "p.yaml:14"));
        assertThat(web.autoRollback()).isFalse();
        assertThat(web.line()).isEqualTo(3);
        Rollout api = p.rollout("api").orElseThrow();
        assertThat(api.interval()).isEqualTo(Rollout.DEFAULT_INTERVAL);
        assertThat(api.analysis()).isEqualTo(Rollout.Analysis.defaults());
        assertThat(api.autoRollback()).isTrue();
        assertThat(api.router()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "steps not ending at 100   | steps: [10, 50]           | p.yaml:5: rollouts.web.steps must end at 100, not 50 (the last step moves every pod)",
            "steps not ascending       | steps: [50, 10, 100]      | p.yaml:5: rollouts.web.steps must be ascending: 10 follows 50",
            "a step above 100          | steps: [10, 150]          | p.yaml:5: rollouts.web.steps[] must be a whole number from 1 to 100, not '150'",
            "steps not a list          | steps: 10                 | p.yaml:5: rollouts.web.steps must be a list of pod shares in percent, e.g. [10, 50, 100]",
            "an unknown key            | weight: 5                 | p.yaml:5: unknown key rollouts.web.weight (allowed: analysis, autoRollback, interval, router, scaleDownDelay, service, steps, strategy)",
    })
    void badStepsOrKeysAreErrorsAtTheirLine(String name, String line, String expected) {
        assertThat(problems("namespace: shop\nrollouts:\n  web:\n    strategy: canary\n    " + line + "\n    service: web\n"
                + (line.startsWith("steps") ? "" : "    steps: [100]\n"))).containsExactly(expected);
    }

    @Test
    void missingStrategyServiceOrStepsAndAnUnknownStrategyAreErrorsAtTheKey() {
        assertThat(problems("rollouts:\n  web:\n    interval: 5s\n")).containsExactly(
                "p.yaml:2: rollouts.web needs strategy: canary or blueGreen",
                "p.yaml:2: rollouts.web needs service: the Service routing to the Deployment's pods");
        assertThat(problems("rollouts:\n  web:\n    strategy: canary\n    service: web\n")).containsExactly(
                "p.yaml:2: rollouts.web needs steps: pod shares in percent, ascending, ending at 100, e.g. [10, 50, 100]");
        assertThat(problems("rollouts:\n  web:\n    strategy: linear\n    service: web\n")).contains(
                "p.yaml:3: rollouts.web.strategy must be canary or blueGreen, not 'linear'");
    }

    @Test
    void routerAndPrometheusNeedOneOfTheirForms() {
        String head = "rollouts:\n  web:\n    strategy: canary\n    service: web\n    steps: [100]\n";
        assertThat(problems(head + "    router: {httpRoute: a, ingressNginx: b}\n")).containsExactly(
                "p.yaml:6: rollouts.web.router needs exactly one of httpRoute or ingressNginx");
        assertThat(PolicyParser.parse("p.yaml", head + "    router: {httpRoute: web}\n").rollout("web").orElseThrow().router())
                .isEqualTo(new Rollout.Router("httpRoute", "web"));
        assertThat(problems(head + "    analysis:\n      prometheus: {address: http://x, query: q}\n")).containsExactly(
                "p.yaml:7: rollouts.web.analysis.prometheus needs either baseline (with maxIncrease) or max, not neither");
        assertThat(problems(head + "    analysis:\n      prometheus: {address: http://x, query: q, max: -1}\n")).contains(
                "p.yaml:7: rollouts.web.analysis.prometheus.max must be a number of at least 0, not '-1'");
    }

    @Test
    void removingARolloutOrItsAutoRollbackLoosensTheGate() {
        EnvironmentPolicy with = PolicyParser.parse("p.yaml", "rollouts:\n  web: {strategy: canary, service: web, steps: [100]}\n");
        EnvironmentPolicy without = PolicyParser.parse("p.yaml", "namespace: shop\n");
        EnvironmentPolicy noAuto = PolicyParser.parse("p.yaml",
                "rollouts:\n  web: {strategy: canary, service: web, steps: [100], autoRollback: false}\n");
        assertThat(GateKeys.loosened(with, without)).extracting(PolicyChange::key).containsExactly("rollouts.web");
        assertThat(GateKeys.loosened(with, noAuto)).extracting(PolicyChange::key).containsExactly("rollouts.web");
        assertThat(GateKeys.loosened(without, with)).isEmpty();
        assertThatThrownBy(() -> PolicyParser.parse("p.yaml", "rollouts: [web]\n")).isInstanceOf(PolicyException.class);
    }
}
