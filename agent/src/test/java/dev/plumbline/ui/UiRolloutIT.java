package dev.plumbline.ui;

import dev.plumbline.controlplane.LocalControlPlane;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.plumbline.ui.UiBrowserIT.HTTP;
import static dev.plumbline.ui.UiBrowserIT.screenshots;
import static dev.plumbline.ui.UiBrowserIT.within;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16, the rollouts panel: a canary (steps 50, 100; interval 10m, so it stays at step 1 while the browser looks;
 * autoRollback off, so a failed one waits for a decision) shown at its step with its analysis, promoted with the
 * token, then a failing one held in phase Failed with its failed check marked and aborted from the keyboard; each time
 * the page says what the API then says. One agent and one browser for the class, its steps in order.
 */
@ExtendWith(KubernetesExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiRolloutIT {

    static final String FAIL = "{plumbline.dev/simulate: fail}";
    static final String PANEL = "[data-rollout=web]";

    @TempDir
    static Path tmp;

    static UiAgent agent;
    static Browser browser;
    static String stable;
    static String canary;
    static String promoted;

    @BeforeAll
    static void start(LocalControlPlane controlPlane, KubernetesClient client) throws Exception {
        agent = new UiAgent(controlPlane, client, tmp);
        stable = commit("nginx:1.25", "{}", "Serve web with nginx 1.25");
        agent.start(tmp, "1s", List.of("production"));
        await().atMost(Duration.ofSeconds(60)).until(() -> image("web"), "nginx:1.25"::equals);
        browser = Browser.start(tmp.resolve("browser"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    static String commit(String image, String annotations, String message) {
        String dir = "environments/production/";
        return agent.repo.write(dir + "plumbline.yaml", "namespace: " + agent.namespace("production")
                        + "\nrollouts:\n  web:\n    strategy: canary\n    service: web\n    steps: [50, 100]\n    interval: 10m\n"
                        + "    autoRollback: false\n")
                .write(dir + "app.yaml", YamlFixtures.text("reconcile/canary-app-desired.yaml").formatted(2, annotations, image))
                .commit(message);
    }

    static String image(String name) {
        Deployment d = agent.client.apps().deployments().inNamespace(agent.namespace("production")).withName(name).get();
        return d == null ? null : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static String rolloutsApi() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/api/v1/environments/production/rollouts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The panel's rollout once it shows {@code phase} for {@code revision}. */
    static String awaitPhase(String phase, String revision, Duration limit) {
        within(limit, () -> browser.find(PANEL).attribute("data-phase") + " " + browser.find(PANEL + " [data-canary]").attribute("title"),
                (phase + " " + revision)::equals);
        return browser.find(PANEL).text();
    }

    /** The page's text keeps a contrast of at least 4.5:1 (WCAG AA), light and dark. */
    static void assertContrast() {
        for (String scheme : new String[] {"light", "dark"}) {
            browser.colorScheme(scheme);
            assertThat(browser.script(UiBrowserIT.CONTRAST).asText()).as(scheme + ": the element with the lowest contrast").satisfies(worst ->
                    assertThat(Double.parseDouble(worst.split(" ")[0])).as(worst).isGreaterThanOrEqualTo(4.5));
        }
        browser.colorScheme("light");
    }

    @Test
    @Order(1)
    void theCanaryShowsAtItsStepWithItsAnalysis() throws Exception {
        browser.open(agent.ui("#/env/production"));
        within(Duration.ofSeconds(20), () -> browser.find("#env-header h1").text(), "production"::equals);
        assertThat(browser.find("#rollouts").displayed()).as("no rollout yet: no panel").isFalse();

        canary = commit("nginx:1.26", "{}", "Serve web with nginx 1.26");
        awaitPhase("Progressing", canary, Duration.ofSeconds(60));
        String check = PANEL + " tr[data-check=podHealth]";
        within(Duration.ofSeconds(60), () -> browser.find(check).attribute("data-passed"), "passed"::equals);
        String panel = browser.find(PANEL).text();
        assertThat(panel).contains("canary", "Progressing", "Step\n1", "Weight\n50 %", "Stable\n" + stable.substring(0, 7),
                "Canary\n" + canary.substring(0, 7), "step 1 of 2 (50%)");
        assertThat(browser.find(check).text()).startsWith("podHealth 0 0 passed");
        assertThat(rolloutsApi()).contains("\"phase\" : \"Progressing\"", "\"step\" : 1", "\"weight\" : 50");
        assertThat(image("web-canary")).isEqualTo("nginx:1.26");
        browser.screenshot(screenshots().resolve("rollouts.png"));
        assertContrast();
        assertThat(browser.script("return [...document.querySelectorAll('input,select,progress')].filter(e => !e.labels?.length"
                + " && !e.getAttribute('aria-label')).length;").asInt()).isZero();
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    @Order(2)
    void promoteWithTheTokenMovesItOn() throws Exception {
        browser.click("#rollout-promote-web");
        browser.find("#action-token").clear();
        browser.find("#action-token").type(UiAgent.TOKEN);
        browser.click("#action-confirm");
        String panel = awaitPhase("Promoted", canary, Duration.ofSeconds(60));
        assertThat(panel).contains("promoted: by request at step 1 of 2 (50%)");
        assertThat(browser.findAll("#rollout-promote-web")).as("nothing left to promote").isEmpty();
        assertThat(browser.find("#announce").text()).isEqualTo("production: rollout web promoted, now Promoted");
        assertThat(rolloutsApi()).contains("\"phase\" : \"Promoted\"");
        assertThat(image("web")).isEqualTo("nginx:1.26");
        assertThat(image("web-canary")).isNull();
        promoted = canary;
    }

    @Test
    @Order(3)
    void aFailedCheckIsMarkedAndAbortFromTheKeyboardRollsItBack() throws Exception {
        canary = commit("nginx:1.27", FAIL, "Serve web with nginx 1.27 (breaks)");
        String panel = awaitPhase("Failed", canary, Duration.ofSeconds(90));
        assertThat(panel).contains("podHealth", "exceeded its progress deadline", "autoRollback is off: waiting for promote or abort");
        String failed = PANEL + " tr[data-check=podHealth]";
        assertThat(browser.find(failed).attribute("data-passed")).isEqualTo("failed");
        assertThat(browser.find(failed).attribute("class")).contains("check-row-failed");
        assertThat(browser.find(failed).text()).contains("failed");
        assertThat(browser.find(PANEL + " [data-stable]").attribute("title")).isEqualTo(promoted);
        assertThat(rolloutsApi()).contains("\"phase\" : \"Failed\"", "\"passed\" : false");
        assertThat(image("web-canary")).as("both versions serve until someone decides").isEqualTo("nginx:1.27");
        browser.screenshot(screenshots().resolve("rollouts-failed.png"));
        assertContrast(); // the failed row, light and dark

        browser.script("document.getElementById('rollout-abort-web').focus();");
        browser.keys("\uE007"); // Enter on the focused button
        assertThat(browser.script("return document.activeElement.id;").asText()).as("the token is remembered for this tab")
                .isEqualTo("action-confirm");
        browser.keys("\uE007");
        panel = awaitPhase("RolledBack", canary, Duration.ofSeconds(60));
        assertThat(panel).contains("aborted by request at step 1 of 2 (50%)");
        assertThat(browser.findAll("#rollout-abort-web")).isEmpty();
        assertThat(rolloutsApi()).contains("\"phase\" : \"RolledBack\"", "aborted by request at step 1");
        assertThat(image("web")).isEqualTo("nginx:1.26");
        assertThat(image("web-canary")).isNull();
        assertThat(browser.severeConsole()).isEmpty();
    }
}
