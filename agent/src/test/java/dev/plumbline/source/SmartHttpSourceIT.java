package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
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
import dev.plumbline.testing.GitHttpHost;

/** GitSource against JGit's smart HTTP server behind a token check, over HTTP and HTTPS with a private CA. */
class SmartHttpSourceIT {

    private static final String TOKEN = "glpat-right-token-123";

    @TempDir
    Path tmp;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private TestRepo origin;
    private RevCommit first;
    private Path tokenFile;

    @BeforeEach
    void setUp() throws IOException {
        origin = TestRepo.init(tmp.resolve("repos/deploy"));
        first = origin.commit("first", Map.of("environments/prod/kustomization.yaml", "resources: []\n"));
        tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void tearDown() {
        origin.close();
    }

    private GitSource source(String url, GitSourceOptions options) {
        return new GitSource(options.withUrl(url).withCacheDir(tmp.resolve("cache"))
                .withTimeouts(new GitSourceOptions.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))), progress::add);
    }

    @Test
    void theRightTokenClonesAndThenFetchesIncrementally() throws Exception {
        try (GitHttpHost server = new GitHttpHost(tmp.resolve("repos"), TOKEN, null);
             GitSource source = source(server.url("deploy"), GitSourceOptions.defaults().withTokenFile(tokenFile))) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
            assertThat(progress).containsExactly("cloning " + server.url("deploy") + " into cache " + source.cacheDirectory());
            RevCommit second = origin.commit("second", Map.of("environments/prod/kustomization.yaml", "resources: [a.yaml]\n"));
            progress.clear();
            assertThat(source.changed(first.name())).isTrue();
            Revision r = source.sync();
            assertThat(r.sha()).isEqualTo(second.name());
            assertThat(progress).containsExactly("fetching " + server.url("deploy"));
            assertThat(source.tree(r).readString("environments/prod/kustomization.yaml")).isEqualTo("resources: [a.yaml]\n");
        }
    }

    @Test
    void aRefusedTokenNamesTheTokenFileAndNeverTheToken() throws Exception {
        Path wrong = Files.writeString(tmp.resolve("wrong-token"), "glpat-wrong-token-456");
        try (GitHttpHost server = new GitHttpHost(tmp.resolve("repos"), TOKEN, null);
             GitSource source = source(server.url("deploy"), GitSourceOptions.defaults().withTokenFile(wrong))) {
            assertThatThrownBy(source::sync)
                    .isInstanceOf(SourceException.class)
                    .hasMessage("git ls-remote " + server.url("deploy")
                            + " failed: authentication refused (credential: token-file " + wrong + ")")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("glpat-wrong-token-456").doesNotContain(TOKEN))
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.AUTH_REFUSED);
        }
    }

    @Test
    void noCredentialIsAnAuthenticationErrorToo() throws Exception {
        try (GitHttpHost server = new GitHttpHost(tmp.resolve("repos"), TOKEN, null);
             GitSource source = source(server.url("deploy"), GitSourceOptions.defaults())) {
            assertThatThrownBy(source::remoteHead)
                    .hasMessage("git ls-remote " + server.url("deploy") + " failed: authentication refused (credential: none)")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.AUTH_REFUSED);
        }
    }

    @Test
    void aMissingRepositoryIsNotFound() throws Exception {
        try (GitHttpHost server = new GitHttpHost(tmp.resolve("repos"), TOKEN, null);
             GitSource source = source(server.url("nope"), GitSourceOptions.defaults().withTokenFile(tokenFile))) {
            assertThatThrownBy(source::sync)
                    .hasMessageStartingWith("git ls-remote " + server.url("nope") + " failed: repository not found")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.NOT_FOUND);
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/git/deploy";
        try (GitSource source = source(url, GitSourceOptions.defaults().withTokenFile(tokenFile))) {
            assertThatThrownBy(source::sync)
                    .hasMessageStartingWith("git ls-remote " + url + " failed: cannot reach 127.0.0.1:" + port + " (Connection refused")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNREACHABLE);
        }
    }

    @Test
    void httpsTrustsTheConfiguredCaBundleOnly() throws Exception {
        Path keyStore = tmp.resolve("server.p12");
        Path bundle = tmp.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", "changeit",
                "-file", bundle.toString());
        try (GitHttpHost server = new GitHttpHost(tmp.resolve("repos"), TOKEN, keyStore)) {
            try (GitSource trusting = source(server.url("deploy"),
                    GitSourceOptions.defaults().withTokenFile(tokenFile).withCaBundleFile(bundle))) {
                assertThat(trusting.sync().sha()).isEqualTo(first.name());
            }
            try (GitSource jvmTrust = source(server.url("deploy"), GitSourceOptions.defaults().withTokenFile(tokenFile))) {
                assertThatThrownBy(jvmTrust::remoteHead)
                        .hasMessageStartingWith("git ls-remote " + server.url("deploy") + " failed: TLS certificate of 127.0.0.1:"
                                + server.url("deploy").split(":")[2].split("/")[0] + " is not trusted by the JVM trust store")
                        .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNTRUSTED_SERVER);
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
