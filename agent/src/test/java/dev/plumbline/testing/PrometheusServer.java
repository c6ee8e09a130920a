package dev.plumbline.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server for tests (Debian 12's package, provisioned by {@code scripts/provision-prometheus.sh}
 * before the integration tests), listening on 127.0.0.1 only, scraping the given targets every second. Its data lives
 * in a temporary folder removed on close. It can be stopped and started again on the same port (Prometheus down).
 */
public final class PrometheusServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    public PrometheusServer(Path dir, List<String> targets) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        String list = String.join("', '", targets);
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: test
                    static_configs:
                      - targets: ['%s']
                """.formatted(list));
        start();
    }

    /** The binary: {@code $PLUMBLINE_PROMETHEUS}, else the provisioned cache; a clear failure when neither is there. */
    static Path binary() {
        String named = System.getenv("PLUMBLINE_PROMETHEUS");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path bin = (cache == null ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache))
                .resolve("plumbline/prometheus/prometheus");
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("no Prometheus at " + bin + ": run scripts/provision-prometheus.sh "
                    + "(the integration-test phase of ./mvnw verify does)");
        }
        return bin;
    }

    public String address() {
        return "http://127.0.0.1:" + port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(binary().toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            if (ready()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("Prometheus not ready within 30 s: " + Files.readString(dir.resolve("prometheus.log")));
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private boolean ready() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(address() + "/-/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
