package dev.plumbline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one executable jar as a user runs it: {@code --help}, exit codes, and {@code serve} as a real process. */
class JarIT {

    @TempDir
    Path tmp;

    private static final Path JAR = Path.of(System.getProperty("plumbline.repo.root", "..")).resolve("agent/target/plumbline.jar");

    private static Process java(Path log, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(javaBin, "-jar", JAR.toString()));
        command.addAll(java.util.List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void helpListsEverySubcommandAndUnknownArgumentsExit2() throws Exception {
        Process help = java(tmp.resolve("help.log"), "--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(Files.readString(tmp.resolve("help.log"))).contains("render", "validate", "diff", "sync", "serve", "demo");

        Process bad = java(tmp.resolve("bad.log"), "diff", "--no-such-flag");
        assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("bad.log"))).contains("Missing required options: '--repo=<dir|url>', '--env=<env>'");
    }

    @Test
    void serveAnswersHealthOnLoopbackAndProtectsReadsWhenAsked() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path token = Files.writeString(tmp.resolve("token"), "t0ken");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", JAR.toString(), "serve", "--host", "127.0.0.1", "--port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("serve.log").toFile());
        pb.environment().put("PLUMBLINE_API_TOKEN_FILE", token.toString());
        pb.environment().put("PLUMBLINE_API_PROTECT_READS", "true");
        Process serve = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> live = await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(base.resolve("/health/liveness")).build(), HttpResponse.BodyHandlers.ofString()),
                    r -> r.statusCode() == 200);
            assertThat(live.body()).contains("\"status\"", "UP");
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/health/readiness")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(HttpRequest.newBuilder(base.resolve("/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("jvm_memory_used_bytes");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/drift")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> authorized = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/drift"))
                    .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authorized.statusCode()).isEqualTo(200);
            assertThat(authorized.body()).contains("no repository configured (plumbline.repo.url / PLUMBLINE_REPO_URL)");

            // the web UI comes out of the jar, and loads without the token that even reads need here
            for (String file : new String[] {"/ui/", "/ui/app.js", "/ui/objects.js", "/ui/app.css"}) {
                HttpResponse<String> ui = http.send(HttpRequest.newBuilder(base.resolve(file)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ui.statusCode()).as(file).isEqualTo(200);
                assertThat(ui.body()).as(file).isNotBlank();
            }
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(tmp.resolve("serve.log"), StandardCharsets.UTF_8)).contains("listening on http://127.0.0.1:" + port);
    }
}
