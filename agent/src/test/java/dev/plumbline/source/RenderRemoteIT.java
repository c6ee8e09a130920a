package dev.plumbline.source;

import dev.plumbline.cli.CliDiffIT;
import dev.plumbline.testing.GitHttpHost;
import dev.plumbline.testing.GitRepoFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code plumbline render} end to end from remote repositories: JGit's smart HTTP with a token (and a refused one),
 * Debian's {@code git daemon}, and a local path — the same objects each time.
 */
class RenderRemoteIT {

    @TempDir
    Path tmp;

    private Path base;
    private String expected;

    @BeforeEach
    void repository() throws Exception {
        base = tmp.resolve("served");
        try (GitRepoFixture repo = new GitRepoFixture(base.resolve("deploy.git"))) {
            repo.write("environments/prod/plumbline.yaml", "namespace: shop\n")
                    .write("environments/prod/kustomization.yaml", "resources:\n  - ../../manifests/app\nnamePrefix: prod-\n")
                    .write("manifests/app/kustomization.yaml", "resources: [cm.yaml]\n")
                    .write("manifests/app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: {a: b}\n")
                    .commit("first");
        }
        expected = "apiVersion: v1\ndata:\n  a: b\nkind: ConfigMap\nmetadata:\n  name: prod-settings\n  namespace: shop\n";
    }

    private CliDiffIT.Run render(String url, String... more) {
        String[] args = {"render", "--repo", url, "--env", "prod", "--cache-dir", tmp.resolve("cache").toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CliDiffIT.run(all);
    }

    @Test
    void overSmartHttpWithATokenAndARefusedToken() throws Exception {
        try (GitHttpHost server = new GitHttpHost(base, "good-token", null)) {
            Path good = Files.writeString(tmp.resolve("token"), "good-token\n");
            CliDiffIT.Run ok = render(server.url("deploy.git"), "--token-file", good.toString());
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo(expected);
            assertThat(ok.err()).contains("plumbline: ");

            Path bad = Files.writeString(tmp.resolve("revoked"), "revoked-token\n");
            CliDiffIT.Run refused = render(server.url("deploy.git"), "--token-file", bad.toString()); // revoked after the first clone
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err()).contains("authentication refused", bad.toString()).doesNotContain("revoked-token");
            assertThat(refused.out()).isEmpty();
        }
    }

    @Test
    void overGitDaemon() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process daemon = new ProcessBuilder("git", "daemon", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + base,
                "--export-all", "--reuseaddr", base.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("daemon.log").toFile()).start();
        try {
            int p = port;
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            CliDiffIT.Run ok = render("git://127.0.0.1:" + port + "/deploy.git");
            assertThat(ok.code()).as(ok.err()).isZero();
            assertThat(ok.out()).isEqualTo(expected);
        } finally {
            daemon.descendants().forEach(ProcessHandle::destroy);
            daemon.destroy();
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    @Test
    void fromALocalPathAndFileUrl() {
        assertThat(render(base.resolve("deploy.git").toString()).out()).isEqualTo(expected);
        assertThat(render(base.resolve("deploy.git").toUri().toString()).out()).isEqualTo(expected);
    }
}
