package dev.plumbline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;


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

    /**
     * Issue 14's demo hint, proven: on a copy of this repository, the lines the demo prints are run verbatim: the
     * self-heal hint's {@code kubectl set image} (reverted by a plain sync, no canary), then the sed that annotates
     * orders-api's template {@code plumbline.dev/simulate: fail} in the staging overlay, the commit, {@code rollout
     * status} and {@code git revert}. The canary rolls back (phase RolledBack, history trigger rollback), the revert
     * is a plain sync, and the README tour's image bump still converges (through a canary now).
     */
    @Test
    void thePrintedCanaryHintRollsBackWhenCommitted(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("repo");
        Path root = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize();
        git(tmp, "clone", "-q", root.toString(), copy.toString());
        git(copy, "checkout", "-q", "-B", "demo");
        git(copy, "config", "user.email", "demo@plumbline.test");
        git(copy, "config", "user.name", "demo");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread demo = new Thread(() -> {
            CommandLine cli = PlumblineCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.execute("demo", "--repo", copy.toString(), "--port", String.valueOf(port), "--exit-after", "10m");
        }, "demo-it");
        demo.start();
        try {
            String api = "http://127.0.0.1:" + port + "/api/v1/environments/staging";
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> out.toString().contains("git revert"));
            List<String> guide = out.toString().lines().map(String::strip).toList();
            selfHealIsAPlainSync(copy, api, guide);
            canaryRollsBackAndTheRevertIsAPlainSync(copy, api,
                    guide.stream().dropWhile(l -> !l.startsWith("Watch a canary roll back")).toList());
            tourImageBumpConverges(copy, api);
        } finally {
            demo.interrupt();
            demo.join(60_000);
        }
        assertThat(err.toString()).contains("stopping");
    }

    /** The tour's self-heal hint still reverts a live edit with a plain sync: drift starts no canary. */
    private static void selfHealIsAPlainSync(Path copy, String api, List<String> guide) throws Exception {
        bash(copy, line(guide, "kubectl --kubeconfig") + " >/dev/null");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get(api + "/history"), b -> b.contains("\"trigger\" : \"selfHeal\""));
        assertThat(get(api + "/rollouts")).doesNotContain("orders-api");
    }

    private static void canaryRollsBackAndTheRevertIsAPlainSync(Path copy, String api, List<String> hint) throws Exception {
        String sed = line(hint, "sed -i");
        assertThat(sed).isEqualTo(DemoCommand.FAIL_ORDERS_API);
        long began = System.nanoTime();
        bash(copy, sed);
        bash(copy, line(hint, "git commit"));
        String failed = git(copy, "rev-parse", "HEAD").strip();
        String rolledBack = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> get(api + "/rollouts"), b -> b.contains("\"phase\" : \"RolledBack\""));
        System.out.printf("DemoIT: the committed failing canary was rolled back after %d s%n",
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
        assertThat(rolledBack).contains("\"canaryRevision\" : \"" + failed + "\"", "podHealth");
        assertThat(get(api + "/history")).contains("\"trigger\" : \"rollback\"", "rolled back from " + failed.substring(0, 7));
        String[] status = line(hint, "./plumbline rollout status").split(" +");
        CliDiffIT.Run shown = CliDiffIT.run(java.util.Arrays.copyOfRange(status, 1, status.length));
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("orders-api", "RolledBack");

        bash(copy, line(hint, "git revert"));
        String reverted = git(copy, "rev-parse", "HEAD").strip();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> get(api),
                b -> b.contains(reverted) && b.contains("\"status\" : \"Synced\""));
    }

    /** The README tour's push: a new image now goes through the canary, and staging converges to it. */
    private static void tourImageBumpConverges(Path copy, String api) throws Exception {
        long began = System.nanoTime();
        bash(copy, "sed -i 's/newTag: 1.5.0-rc.1/newTag: 1.5.0/' environments/staging/kustomization.yaml");
        bash(copy, "git commit -qam 'staging: orders-api 1.5.0'");
        String bumped = git(copy, "rev-parse", "HEAD").strip();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> get(api + "/rollouts"),
                b -> b.contains("\"phase\" : \"Promoted\"") && b.contains(bumped));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> get(api),
                b -> b.contains(bumped) && b.contains("\"status\" : \"Synced\""));
        System.out.printf("DemoIT: the tour's image bump converged through the canary in %d s%n",
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }

    private static String line(List<String> hint, String prefix) {
        return hint.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("the demo prints no line starting with " + prefix + ": " + hint));
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        return exec(dir, command);
    }

    private static void bash(Path dir, String line) throws Exception {
        exec(dir, List.of("bash", "-c", line));
    }

    private static String exec(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + output).isZero();
        return output;
    }
}
