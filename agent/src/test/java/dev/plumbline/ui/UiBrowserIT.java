package dev.plumbline.ui;

import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.Kubectl;
import dev.plumbline.controlplane.LocalControlPlane;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.plumbline.testing.YamlFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web UI in Debian's headless chromium against a running agent on the real API server: one agent and one browser
 * for the class, its steps in order (staging follows the branch with selfHeal off, so drift stays visible; production
 * waits for approval). Screenshots of the main pages go to target/screenshots/ (docs/screenshots/ with -Dplumbline.screenshots.update=true).
 */
@ExtendWith(KubernetesExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserIT {

    @TempDir
    static Path tmp;

    static UiAgent agent;
    static Browser browser;
    static String first;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(LocalControlPlane controlPlane, KubernetesClient client) throws Exception {
        agent = new UiAgent(controlPlane, client, tmp);
        String app = YamlFixtures.text("ui/app.yaml");
        first = agent.repo
                .write("environments/staging/plumbline.yaml", "namespace: " + agent.namespace("staging")
                        + "\nsync:\n  selfHeal: false\n")
                .write("environments/staging/app.yaml", app)
                .write("environments/production/plumbline.yaml", "namespace: " + agent.namespace("production")
                        + "\nsync:\n  auto: false\n")
                .write("environments/production/app.yaml", app)
                .commit("Serve web with nginx 1.25");
        agent.start(tmp, "2s", List.of("staging", "production"));
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

    static <T> T within(Duration limit, Callable<T> probe, java.util.function.Predicate<? super T> done) {
        return await().atMost(limit).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(probe, done::test);
    }

    /**
     * Where the screenshots go: target/screenshots on every run (so a verify leaves the checkout clean), the README's
     * docs/screenshots with {@code -Dplumbline.screenshots.update=true} (then commit the ones that changed).
     */
    static Path screenshots() {
        if (Boolean.getBoolean("plumbline.screenshots.update")) {
            return Path.of(System.getProperty("plumbline.repo.root", "..")).resolve("docs/screenshots");
        }
        return Path.of("target", "screenshots");
    }

    /** The lowest WCAG contrast ratio of any text on the page, with the element: "4.83 SPAN.badge 'Synced'". */
    static final String CONTRAST = """
            const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
              .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
            const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
              if (c.length === 3 || c[3] > 0) return c.slice(0, 3); } return [255, 255, 255]; };
            let worst = [99, 'none'];
            for (const el of document.querySelectorAll('body *')) {
              if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) || !el.offsetParent) continue;
              const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < worst[0]) worst = [ratio, `${el.tagName}.${el.className} '${el.textContent.trim().slice(0, 30)}'`];
            }
            return worst[0].toFixed(2) + ' ' + worst[1];
            """;

    /** The page's text keeps a contrast of at least 4.5:1 (WCAG AA), light and dark. */
    static void assertContrast() {
        for (String scheme : new String[] {"light", "dark"}) {
            browser.colorScheme(scheme);
            assertThat(browser.script(CONTRAST).asText()).as(scheme + ": the element with the lowest contrast").satisfies(worst ->
                    assertThat(Double.parseDouble(worst.split(" ")[0])).as(worst).isGreaterThanOrEqualTo(4.5));
        }
        browser.colorScheme("light");
    }

    @Test
    @Order(1)
    void theUiLoadsWithoutATokenWhileTheApiKeepsItsRules() throws Exception {
        HttpResponse<String> root = HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/ui/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
        HttpResponse<String> script = HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/ui/app.js")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("javascript"));
        HttpResponse<String> refresh = HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/api/v1/environments/staging/refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refresh.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(2)
    void theOverviewListsTheEnvironments() throws Exception {
        browser.open(agent.base.resolve("/").toString());
        assertThat(browser.url()).endsWith("/ui/");
        within(Duration.ofSeconds(60), () -> browser.find("[data-env=staging] [data-sync]").text(), "Synced"::equals);
        String production = within(Duration.ofSeconds(30), () -> browser.find("[data-env=production]").text(),
                t -> t.contains("Waiting for approval of " + first.substring(0, 7)));
        assertThat(production).contains("OutOfSync", "Serve web with nginx 1.25", "Test Author", "4 Missing");
        within(Duration.ofSeconds(30), () -> browser.find("[data-env=staging] [data-health]").text(), "Healthy"::equals);
        assertThat(browser.find("[data-env=staging] [data-verdict=InSync]").text()).isEqualTo("4 InSync");
        browser.screenshot(screenshots().resolve("overview.png"));
        browser.colorScheme("dark");
        browser.screenshot(screenshots().resolve("overview-dark.png"));
        browser.colorScheme("light");
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    @Order(3)
    void aForeignWriteShowsAsAFieldDiffWithItsManagerWithinTwoSeconds() throws Exception {
        browser.open(agent.ui("#/env/staging"));
        within(Duration.ofSeconds(30), () -> browser.find("tr[data-key='Deployment/" + agent.namespace("staging") + "/web']")
                .attribute("data-verdict"), "InSync"::equals);
        Kubectl kubectl = new Kubectl(agent.controlPlane.kubeconfigPath());
        kubectl.run("-n", agent.namespace("staging"), "set", "image", "deployment/web", "web=nginx:1.27");
        long t0 = System.nanoTime();
        String row = "tr[data-key='Deployment/" + agent.namespace("staging") + "/web']";
        within(Duration.ofSeconds(10), () -> browser.find(row).text(), t -> t.contains("Modified") && t.contains("kubectl-set"));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("kubectl set image to the diff on the page, ms").isLessThanOrEqualTo(2000);

        browser.click(row + " button[aria-expanded]");
        String field = within(Duration.ofSeconds(5), () -> browser.find("tr.field-change[data-field='spec.template.spec.containers[name=web].image']").text(),
                t -> !t.isEmpty());
        assertThat(field).contains("nginx:1.25", "nginx:1.27", "kubectl-set", "Update");
        assertThat(browser.find(row + " button[aria-expanded]").attribute("aria-expanded")).isEqualTo("true");

        kubectl.run("-n", agent.namespace("staging"), "patch", "secret", "web-credentials", "--type=merge",
                "-p", "{\"stringData\":{\"password\":\"live-password-2\"}}");
        String secretRow = "tr[data-key='Secret/" + agent.namespace("staging") + "/web-credentials']";
        within(Duration.ofSeconds(10), () -> browser.find(secretRow).attribute("data-verdict"), "Modified"::equals);
        browser.click(secretRow + " button[aria-expanded]");
        String secretDiff = within(Duration.ofSeconds(5), () -> browser.find("tr.field-change[data-field='data.password']").text(), t -> !t.isEmpty());
        assertThat(secretDiff).contains("(sensitive");
        String html = browser.script("return document.documentElement.outerHTML;").asText();
        assertThat(html).doesNotContain("live-password-2", "fixture-password-1", "bGl2ZS1wYXNzd29yZC0y", "Zml4dHVyZS1wYXNzd29yZC0x");
        browser.screenshot(screenshots().resolve("environment-drift.png"));
        assertContrast(); // diff cells, badges and the muted namespace included
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    @Order(4)
    void aWrongTokenShowsTheApisProblemText() {
        browser.open(agent.ui("#/env/production"));
        within(Duration.ofSeconds(20), () -> browser.find("#action-approve").text(), t -> t.equals("Approve " + first.substring(0, 7)));
        browser.click("#action-approve");
        browser.find("#action-token").clear();
        browser.find("#action-token").type("not-the-token");
        browser.click("#action-confirm");
        String error = within(Duration.ofSeconds(10), () -> browser.find("#action-error").text(), t -> !t.isEmpty());
        assertThat(error).isEqualTo("401 Unauthorized: invalid bearer token");
        assertThat(browser.script("return sessionStorage.getItem('plumbline.api-token');").isNull()).isTrue();
        browser.click("#action-cancel");
        assertThat(browser.find("[data-waiting=approval]").text()).contains("Waiting for approval");
        // the refused call is the only thing the console reports
        assertThat(browser.severeConsole()).singleElement().asString().contains("/api/v1/environments/production/sync", "401");
    }

    @Test
    @Order(5)
    void approveWithTheTokenMovesProduction() throws Exception {
        browser.click("#action-approve");
        browser.find("#action-token").clear();
        browser.find("#action-token").type(UiAgent.TOKEN);
        browser.click("#action-confirm");
        within(Duration.ofSeconds(60), () -> browser.find("#env-header [data-sync]").text(), "Synced"::equals);
        assertThat(browser.findAll("[data-waiting=approval]")).isEmpty();
        assertThat(browser.find("#announce").text()).startsWith("production: approved at " + first.substring(0, 7));
        String api = HTTP.send(HttpRequest.newBuilder(agent.base.resolve("/api/v1/environments/production")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(api).contains("\"lastApplied\" : \"" + first + "\"");
        // kept in this tab's session storage, nowhere else
        assertThat(browser.script("return sessionStorage.getItem('plumbline.api-token');").asText()).isEqualTo(UiAgent.TOKEN);
        assertThat(browser.script("return localStorage.length + document.cookie.length;").asInt()).isZero();
    }

    @Test
    @Order(6)
    void historyShowsTheSyncAndRollsBackByPin() throws Exception {
        String second = agent.repo.write("environments/production/app.yaml",
                YamlFixtures.text("ui/app.yaml").replace("nginx:1.25", "nginx:1.26")).commit("Serve web with nginx 1.26");
        browser.open(agent.ui("#/env/production/history"));
        String sync = within(Duration.ofSeconds(20), () -> browser.find("#history-table tr[data-trigger=approval]").text(), t -> !t.isEmpty());
        assertThat(sync).contains("#1", first.substring(0, 7), "Serve web with nginx 1.25", "succeeded", "4 created");
        within(Duration.ofSeconds(30), () -> browser.find("[data-waiting=approval]").text(), t -> t.contains(second.substring(0, 7)));
        browser.screenshot(screenshots().resolve("history.png"));

        browser.click("#pin-1");
        browser.click("#action-confirm"); // the token is remembered for this tab
        within(Duration.ofSeconds(30), () -> browser.find("[data-waiting=pin]").text(), t -> t.contains("Pinned at " + first.substring(0, 7)));
        within(Duration.ofSeconds(10), () -> browser.find("#history-table tr[data-trigger=rollback]").text(), t -> t.contains("succeeded"));
        browser.click("#action-unpin");
        browser.click("#action-confirm");
        within(Duration.ofSeconds(30), () -> browser.findAll("[data-waiting=pin]").isEmpty(), done -> done);
        assertThat(browser.find("[data-waiting=approval]").text()).contains(second.substring(0, 7));
        assertThat(browser.severeConsole()).isEmpty();
    }

    @Test
    @Order(8)
    void withProtectedReadsThePageAsksForTheToken(LocalControlPlane controlPlane, KubernetesClient client) throws Exception {
        try (UiAgent guarded = new UiAgent(controlPlane, client, tmp.resolve("guarded"))) {
            guarded.repo.write("environments/quiet/plumbline.yaml", "namespace: " + guarded.namespace("quiet") + "\n").commit("empty");
            guarded.start(tmp.resolve("guarded"), "2s", List.of("quiet"), java.util.Map.of("plumbline.api.protect-reads", true));
            browser.script("sessionStorage.clear();");
            browser.open(guarded.ui("#/"));
            within(Duration.ofSeconds(20), () -> browser.find("#auth-needed").text(), t -> t.contains("protect-reads"));
            browser.click("#enter-token");
            browser.find("#action-token").type(UiAgent.TOKEN);
            browser.click("#action-confirm");
            within(Duration.ofSeconds(20), () -> browser.find("[data-env=quiet] h2").text(), "quiet"::equals);
            assertThat(browser.find("#auth-needed").displayed()).isFalse();
            browser.severeConsole(); // the refused reads before the token are expected there
        }
    }

    @Test
    @Order(9)
    void aFailedRenderShowsTheStaleBannerWithFileAndLine() throws Exception {
        agent.repo.write("environments/staging/broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n")
                .commit("Break staging");
        browser.open(agent.ui("#/"));
        String banner = within(Duration.ofSeconds(30), () -> browser.find("[data-env=staging] [data-banner]").text(), t -> !t.isEmpty());
        assertThat(banner).startsWith("Stale: the last check failed").containsPattern("broken\\.yaml:\\d+");
        assertThat(browser.find("[data-env=staging] [data-stale]").text()).isEqualTo("Stale");
        // the last good report stays
        assertThat(browser.find("[data-env=staging] [data-verdict=InSync]").text()).matches("\\d+ InSync");
        browser.screenshot(screenshots().resolve("overview-stale.png"));
    }

    @Test
    @Order(7)
    void actionsAndNavigationWorkFromTheKeyboard() {
        browser.open(agent.ui("#/"));
        within(Duration.ofSeconds(20), () -> browser.find("[data-env=production] h2 a").text(), "production"::equals);
        browser.script("document.querySelector('[data-env=production] h2 a').focus();");
        browser.keys("\uE007"); // Enter on the focused link
        within(Duration.ofSeconds(10), () -> browser.find("#env-header h1").text(), "production"::equals);
        browser.script("document.getElementById('action-refresh').focus();");
        browser.keys("\uE007");
        assertThat(browser.script("return document.activeElement.id;").asText()).isEqualTo("action-confirm");
        browser.keys("\uE00C"); // Escape closes the dialog
        assertThat(browser.script("return document.getElementById('action-dialog').open;").asBoolean()).isFalse();
        // text keeps a contrast of at least 4.5:1 (WCAG AA) against what is behind it, in light and in dark
        assertContrast();
        // every form control has a label
        assertThat(browser.script("return [...document.querySelectorAll('input,select')].filter(e => !e.labels || !e.labels.length).length;")
                .asInt()).isZero();
    }
}
