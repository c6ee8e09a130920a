package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumbline.source.SourceException.Reason;

/** GitSource against the real {@code git daemon} (git:// protocol), as Debian ships it. */
class GitDaemonSourceIT {

    @TempDir
    Path tmp;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private TestRepo origin;
    private Process daemon;
    private int port;

    @BeforeEach
    void startDaemon() throws Exception {
        origin = TestRepo.init(tmp.resolve("repos/deploy"));
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path base = tmp.resolve("repos");
        daemon = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base,
                "--export-all", "--reuseaddr", "--informative-errors", base.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(this::listening);
    }

    private boolean listening() {
        assertThat(daemon.isAlive()).as("git daemon is running").isTrue();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stopDaemon() throws InterruptedException {
        // git daemon forks one child per connection: end those first, then the daemon itself
        daemon.descendants().forEach(ProcessHandle::destroy);
        daemon.destroy();
        if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
        origin.close();
    }

    private GitSource source(String repository) {
        return new GitSource(GitSourceOptions.defaults().withUrl("git://127.0.0.1:" + port + "/" + repository)
                .withCacheDir(tmp.resolve("cache")), progress::add);
    }

    @Test
    void clonesFetchesAndReadsOverTheGitProtocol() {
        RevCommit first = origin.commit("first", Map.of("manifests/orders/deployment.yaml", "replicas: 1\n"));
        origin.tag("v1", true);
        try (GitSource source = source("deploy")) {
            assertThat(source.remoteHead()).contains(first.name());
            Revision r1 = source.sync();
            assertThat(r1.sha()).isEqualTo(first.name());
            assertThat(source.resolve("v1").sha()).isEqualTo(first.name());

            RevCommit second = origin.commit("second", Map.of("manifests/orders/deployment.yaml", "replicas: 2\n"));
            progress.clear();
            assertThat(source.changed(r1.sha())).isTrue();
            Revision r2 = source.sync();
            assertThat(r2.sha()).isEqualTo(second.name());
            assertThat(progress).containsExactly("fetching git://127.0.0.1:" + port + "/deploy");
            assertThat(source.tree(r2).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 2\n");
            assertThat(source.tree(r1).readString("manifests/orders/deployment.yaml")).isEqualTo("replicas: 1\n");
            assertThat(source.changed(r2.sha())).isFalse();
        }
    }

    @Test
    void anUnknownRepositoryIsNotFound() {
        origin.commit("first", Map.of("README.md", "x\n"));
        try (GitSource source = source("nope")) {
            assertThatThrownBy(source::sync)
                    .hasMessageStartingWith("git ls-remote git://127.0.0.1:" + port + "/nope failed: repository not found")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }
}
