package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plumbline.source.SourceException.Reason;

/** Contradictory or incomplete options fail up front (or before connecting) with INVALID_CONFIG and a clear text. */
class SourceConfigTest {

    @TempDir
    Path tmp;

    private GitSourceOptions base(String url) {
        return GitSourceOptions.defaults().withUrl(url).withCacheDir(tmp.resolve("cache"));
    }

    private static void assertInvalid(Runnable action, String message) {
        assertThatThrownBy(action::run).isInstanceOf(SourceException.class).hasMessage(message)
                .extracting(e -> ((SourceException) e).reason()).isEqualTo(Reason.INVALID_CONFIG);
    }

    @Test
    void defaults() {
        GitSourceOptions d = GitSourceOptions.defaults();
        assertThat(d.branch()).isEqualTo("main");
        assertThat(d.cacheDir()).endsWithRaw(Path.of(".cache", "plumbline", "git"));
        assertThat(d.timeouts()).isEqualTo(new GitSourceOptions.Timeouts(Duration.ofSeconds(60), Duration.ofMinutes(5)));
        assertThat(d.withBranch(null).branch()).isEqualTo("main");
    }

    @Test
    void sshNeedsAKnownHostsFile() {
        assertInvalid(() -> new GitSource(base("ssh://git@git.example.com/acme/deploy.git")),
                "git source ssh://git@git.example.com/acme/deploy.git configuration failed: "
                        + "known-hosts-file is required for ssh URLs (unknown host keys are never accepted)");
        assertInvalid(() -> new GitSource(base("git@github.com:acme/deploy.git").withSshKeyFile(tmp.resolve("id"))),
                "git source git@github.com:acme/deploy.git configuration failed: "
                        + "known-hosts-file is required for ssh URLs (unknown host keys are never accepted)");
    }

    @Test
    void aMissingKnownHostsFileIsAConfigErrorBeforeAnyConnection() {
        Path missing = tmp.resolve("known_hosts");
        try (GitSource source = new GitSource(base("ssh://git@127.0.0.1:1/acme/deploy.git").withKnownHostsFile(missing))) {
            assertInvalid(source::sync, "git ls-remote ssh://git@127.0.0.1:1/acme/deploy.git failed: known-hosts-file "
                    + missing + " read failed: no such file");
        }
    }

    @Test
    void aMissingTokenFileIsNamed() {
        Path token = tmp.resolve("token");
        try (GitSource source = new GitSource(base("https://127.0.0.1:1/acme/deploy.git").withTokenFile(token))) {
            assertInvalid(source::remoteHead, "git ls-remote https://127.0.0.1:1/acme/deploy.git failed: token-file "
                    + token + " read failed: no such file");
        }
    }

    @Test
    void contradictoryOptionsAreRefused() {
        String https = "https://git.example.com/acme/deploy.git";
        String prefix = "git source " + https + " configuration failed: ";
        Path f = tmp.resolve("f");
        assertInvalid(() -> new GitSource(base(https).withTokenFile(f).withUsernameFile(f).withPasswordFile(f)),
                prefix + "set token-file or password-file, not both");
        assertInvalid(() -> new GitSource(base(https).withPasswordFile(f)), prefix + "password-file needs username-file");
        assertInvalid(() -> new GitSource(base(https).withSshKeyFile(f)),
                prefix + "ssh-key-file, ssh-key-passphrase-file and known-hosts-file apply to ssh URLs only");
        assertInvalid(() -> new GitSource(base("http://git.example.com/a.git").withCaBundleFile(f)),
                "git source http://git.example.com/a.git configuration failed: ca-bundle-file applies to https URLs only");
        assertInvalid(() -> new GitSource(base("ssh://git@h/a.git").withKnownHostsFile(f).withTokenFile(f)),
                "git source ssh://git@h/a.git configuration failed: token-file apply to http(s) URLs only");
        assertInvalid(() -> new GitSource(base(tmp.toString()).withTokenFile(f)),
                "git source " + tmp + " configuration failed: credentials and trust files do not apply to local URLs");
        assertInvalid(() -> new GitSource(base("ftp://h/a.git")),
                "git source ftp://h/a.git configuration failed: unsupported scheme 'ftp' (use https, http, ssh, git, file or a path)");
        assertInvalid(() -> new GitSource(base(" ")), "git source configuration failed: url is empty");
    }

    @Test
    void credentialsInTheUrlNeverShowInErrors() {
        try (GitSource source = new GitSource(base("https://ghp_s3cret@127.0.0.1:1/acme/deploy.git")
                .withTimeouts(new GitSourceOptions.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))))) {
            assertThat(source.url().toString()).isEqualTo("https://***@127.0.0.1:1/acme/deploy.git");
            assertThatThrownBy(source::sync)
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("git ls-remote https://***@127.0.0.1:1/acme/deploy.git failed: cannot reach 127.0.0.1:1")
                    .satisfies(e -> {
                        for (Throwable t = e; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
                        }
                    });
        }
    }
}
