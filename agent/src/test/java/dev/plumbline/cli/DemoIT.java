package dev.plumbline.cli;

import org.junit.jupiter.api.Test;


import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code plumbline demo}, headless with a timeout, as the README's first command runs it: its own control plane,
 * this repository's own Git history, staging converged, production waiting for approval, the drift endpoint served.
 */
class DemoIT {

    @Test
    void demoConvergesStagingAndServesTheDriftReport() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path root = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize();
        CompletableFuture<CliDiffIT.Run> demo = CompletableFuture.supplyAsync(() ->
                CliDiffIT.run("demo", "--repo", root.toString(), "--port", String.valueOf(port), "--exit-after", "20s"));
        HttpClient http = HttpClient.newHttpClient();
        URI drift = URI.create("http://127.0.0.1:" + port + "/api/v1/drift");
        String body = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(drift).build(), HttpResponse.BodyHandlers.ofString()).body(),
                        b -> b.contains("\"environment\" : \"staging\"") && b.contains("\"status\" : \"Synced\"")
                                && b.contains("\"decision\" : \"waiting for approval\""));
        assertThat(body).contains("\"environment\" : \"production\"", "orders-api");
        CliDiffIT.Run run = demo.get(120, TimeUnit.SECONDS);
        assertThat(run.code()).as(run.err()).isZero();
        // the UI's address is the first thing the demo prints
        assertThat(run.out().lines().findFirst()).hasValueSatisfying(line ->
                assertThat(line).startsWith("Open the UI: http://127.0.0.1:" + port + "/ui/"));
        assertThat(run.err()).contains("UI at http://127.0.0.1:" + port + "/ui/");
        assertThat(run.out()).contains("staging:    Synced, health Healthy", "production: OutOfSync (waiting for approval)",
                "/api/v1/environments/production/sync", "kubectl --kubeconfig");
        assertThat(run.err()).contains("SIMULATED");
        // the demo names the release it runs: the one this suite runs on
        String release = dev.plumbline.controlplane.ControlPlaneOptions.defaults().resolvedVersion();
        assertThat(run.err()).contains("control plane running: Kubernetes v" + release);
    }

}
