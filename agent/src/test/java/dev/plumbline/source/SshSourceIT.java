package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumbline.source.SourceException.Reason;

/** GitSource over SSH against an Apache MINA SSHD server: key authentication and strict host key checking. */
class SshSourceIT {

    @TempDir
    Path tmp;

    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private TestRepo origin;
    private RevCommit first;
    private KeyPair clientKey;
    private GitSshServer server;
    private Path keyFile;
    private Path knownHosts;

    @BeforeEach
    void setUp() throws Exception {
        origin = TestRepo.init(tmp.resolve("repos/deploy"));
        first = origin.commit("first", Map.of("environments/prod/kustomization.yaml", "resources: []\n"));
        clientKey = GitSshServer.newKeyPair();
        server = new GitSshServer(tmp.resolve("repos"), clientKey.getPublic());
        keyFile = GitSshServer.writePrivateKey(clientKey, tmp.resolve("id_ecdsa"), null);
        knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine(server.hostKey()));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        origin.close();
    }

    private GitSource source(GitSourceOptions options) {
        return new GitSource(options.withUrl(server.url("deploy")).withCacheDir(tmp.resolve("cache"))
                .withTimeouts(new GitSourceOptions.Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(20))), progress::add);
    }

    private GitSourceOptions keyAndHosts() {
        return GitSourceOptions.defaults().withSshKeyFile(keyFile).withKnownHostsFile(knownHosts);
    }

    @Test
    void keyAuthenticationWithAKnownHostWorks() throws Exception {
        try (GitSource source = source(keyAndHosts())) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
            RevCommit second = origin.commit("second", Map.of("README.md", "hi\n"));
            progress.clear();
            assertThat(source.sync().sha()).isEqualTo(second.name());
            assertThat(progress).containsExactly("fetching " + server.url("deploy"));
            assertThat(source.tree(second.name()).readString("README.md")).isEqualTo("hi\n");
        }
        try (var files = Files.walk(tmp.resolve("cache/.ssh-home"))) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing written to the private ssh home").isEmpty();
        }
    }

    @Test
    void anEncryptedKeyIsOpenedWithItsPassphraseFile() throws Exception {
        Path encrypted = GitSshServer.writePrivateKey(clientKey, tmp.resolve("id_encrypted"), "correct horse");
        Path passphrase = Files.writeString(tmp.resolve("passphrase"), "correct horse\n");
        try (GitSource source = source(keyAndHosts().withSshKeyFile(encrypted).withSshKeyPassphraseFile(passphrase))) {
            assertThat(source.sync().sha()).isEqualTo(first.name());
        }
    }

    @Test
    void aWrongOrMissingPassphraseIsNamed() throws Exception {
        Path encrypted = GitSshServer.writePrivateKey(clientKey, tmp.resolve("id_encrypted"), "correct horse");
        Path passphrase = Files.writeString(tmp.resolve("passphrase"), "battery staple\n");
        String refused = "git ls-remote " + server.url("deploy") + " failed: authentication refused (credential: ssh-key-file "
                + encrypted + "): ssh-key-file " + encrypted;
        try (GitSource source = source(keyAndHosts().withSshKeyFile(encrypted).withSshKeyPassphraseFile(passphrase))) {
            assertThatThrownBy(source::sync)
                    .hasMessage(refused + " could not be decrypted with ssh-key-passphrase-file " + passphrase)
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.AUTH_REFUSED);
        }
        try (GitSource source = source(keyAndHosts().withSshKeyFile(encrypted))) {
            assertThatThrownBy(source::sync)
                    .hasMessage(refused + " is encrypted and no ssh-key-passphrase-file is configured");
        }
    }

    @Test
    void anUnknownHostIsRefusedAndNotLearned() throws Exception {
        String otherHost = "git.example.com " + server.knownHostsLine(server.hostKey()).split(" ", 2)[1];
        Files.writeString(knownHosts, otherHost);
        try (GitSource source = source(keyAndHosts())) {
            assertThatThrownBy(source::sync)
                    .hasMessage("git ls-remote " + server.url("deploy") + " failed: host [127.0.0.1]:" + server.port()
                            + " is not in known-hosts-file " + knownHosts + " (server offered " + offered() + ")")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNTRUSTED_SERVER);
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(otherHost);
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        Files.writeString(knownHosts, server.knownHostsLine(GitSshServer.newKeyPair().getPublic()));
        try (GitSource source = source(keyAndHosts())) {
            assertThatThrownBy(source::remoteHead)
                    .hasMessage("git ls-remote " + server.url("deploy") + " failed: host key of [127.0.0.1]:" + server.port()
                            + " does not match known-hosts-file " + knownHosts + " (server offered " + offered()
                            + "); the key was changed or the connection is intercepted")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.UNTRUSTED_SERVER);
        }
    }

    @Test
    void aMissingKnownHostsFileIsAConfigError() {
        Path missing = tmp.resolve("no_known_hosts");
        try (GitSource source = source(keyAndHosts().withKnownHostsFile(missing))) {
            assertThatThrownBy(source::sync)
                    .hasMessage("git ls-remote " + server.url("deploy") + " failed: known-hosts-file " + missing
                            + " read failed: no such file")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.INVALID_CONFIG);
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedNamingTheKeyFile() throws Exception {
        Path stranger = GitSshServer.writePrivateKey(GitSshServer.newKeyPair(), tmp.resolve("id_stranger"), null);
        try (GitSource source = source(keyAndHosts().withSshKeyFile(stranger))) {
            assertThatThrownBy(source::sync)
                    .hasMessage("git ls-remote " + server.url("deploy") + " failed: authentication refused (credential: ssh-key-file "
                            + stranger + ")")
                    .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.AUTH_REFUSED);
        }
    }

    private String offered() {
        return KeyUtils.getKeyType(server.hostKey()) + " " + KeyUtils.getFingerPrint(server.hostKey());
    }
}
