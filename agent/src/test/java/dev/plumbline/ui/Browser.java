package dev.plumbline.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Debian's headless chromium, driven by Debian's chromedriver over the W3C WebDriver protocol (JSON over HTTP with
 * {@code java.net.http}): no Selenium, so nothing can ever try to download a driver or a browser
 * (docs/decisions/0036-browser-tests-webdriver-protocol.md). One per test class. A missing browser fails the test with
 * the provisioning hint: a skipped browser test would be a failing test that looks green.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PLUMBLINE_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("PLUMBLINE_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final URI base;
    private final String session;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Browser(Process driver, URI base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /** Starts chromedriver on a free loopback port and a headless chromium session with its own profile. */
    public static Browser start(Path work) throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian 12's chromium and "
                    + "chromium-driver): run scripts/provision-chromium.sh (apt-get install chromium chromium-driver)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(work);
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(work.resolve("chromedriver.log").toFile()).start();
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        Browser probe = new Browser(driver, base, null);
        probe.awaitReady();
        Map<String, Object> options = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + work.resolve("profile")));
        JsonNode created = probe.send("POST", "session", Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", options, "goog:loggingPrefs", Map.of("browser", "ALL")))));
        return new Browser(driver, base, created.path("sessionId").asText());
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send("GET", "status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!driver.isAlive()) {
                throw new AssertionError("chromedriver exited with " + driver.exitValue());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromedriver did not become ready within 20 s");
    }

    private JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(response.body()).path("value");
        if (response.statusCode() >= 300) {
            throw new WebDriverException(value.path("error").asText() + ": " + value.path("message").asText());
        }
        return value;
    }

    private JsonNode command(String method, String tail, Object body) {
        try {
            return send(method, "session/" + session + "/" + tail, body);
        } catch (IOException e) {
            throw new WebDriverException("WebDriver " + tail + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebDriverException("interrupted");
        }
    }

    /** A WebDriver error: no such element, stale element, a script error, ... */
    public static final class WebDriverException extends RuntimeException {
        WebDriverException(String message) {
            super(message);
        }
    }

    public void open(String url) {
        command("POST", "url", Map.of("url", url));
    }

    public String url() {
        return command("GET", "url", null).asText();
    }

    /** The first element matching a CSS selector; throws {@link WebDriverException} when there is none. */
    public Element find(String css) {
        return new Element(command("POST", "element", Map.of("using", "css selector", "value", css)).path(ELEMENT).asText());
    }

    /**
     * Clicks the first element matching a CSS selector, finding it again when the page replaced it between the find
     * and the click (a live update that changed what the page shows).
     */
    public void click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                find(css).click();
                return;
            } catch (WebDriverException e) {
                if (attempt == 3 || !e.getMessage().startsWith("stale element reference")) {
                    throw e;
                }
            }
        }
    }

    public List<Element> findAll(String css) {
        JsonNode list = command("POST", "elements", Map.of("using", "css selector", "value", css));
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(n -> new Element(n.path(ELEMENT).asText())).toList();
    }

    /** Runs a script in the page ({@code return ...;}) and answers its JSON value. */
    public JsonNode script(String body, Object... args) {
        return command("POST", "execute/sync", Map.of("script", body, "args", List.of(args)));
    }

    /** Runs an async script: the last argument is the callback to call with the result. */
    public JsonNode asyncScript(String body, Object... args) {
        return command("POST", "execute/async", Map.of("script", body, "args", List.of(args)));
    }

    /** Keys sent to the focused element (W3C actions would be finer; this is what a user's typing does). */
    public void keys(String text) {
        find(":focus").type(text);
    }

    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(command("GET", "screenshot", null).asText()));
    }

    /** prefers-color-scheme as the page sees it, through chromedriver's DevTools passthrough. */
    public void colorScheme(String scheme) {
        command("POST", "goog/cdp/execute", Map.of("cmd", "Emulation.setEmulatedMedia",
                "params", Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme)))));
    }

    /** The page's console lines at SEVERE level since the last call (script errors, CSP violations, failed loads). */
    public List<String> severeConsole() {
        JsonNode log = command("POST", "se/log", Map.of("type", "browser"));
        return java.util.stream.StreamSupport.stream(log.spliterator(), false)
                .filter(n -> "SEVERE".equals(n.path("level").asText())).map(n -> n.path("message").asText()).toList();
    }

    public final class Element {
        private final String id;

        Element(String id) {
            this.id = id;
        }

        public void click() {
            command("POST", "element/" + id + "/click", Map.of());
        }

        public void type(String text) {
            command("POST", "element/" + id + "/value", Map.of("text", text));
        }

        public void clear() {
            command("POST", "element/" + id + "/clear", Map.of());
        }

        public String text() {
            return command("GET", "element/" + id + "/text", null).asText();
        }

        public String attribute(String name) {
            JsonNode v = command("GET", "element/" + id + "/attribute/" + name, null);
            return v.isNull() ? null : v.asText();
        }

        public boolean displayed() {
            return command("GET", "element/" + id + "/displayed", null).asBoolean();
        }
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                send("DELETE", "session/" + session, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the browser may be gone already; the driver goes next
        } finally {
            driver.destroy();
        }
    }
}
