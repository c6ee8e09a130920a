package dev.plumbline.source;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** One spelling per repository, never a credential: the owner recorded in the cluster. */
class SourceUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://git.example.com/acme/deploy.git,             https://git.example.com/acme/deploy",
            "https://git.example.com/acme/deploy/,                https://git.example.com/acme/deploy",
            "https://git.example.com/acme/deploy.git/,            https://git.example.com/acme/deploy",
            "https://x-token:ghp_s3cr3t@git.example.com/acme/deploy.git, https://git.example.com/acme/deploy",
            "HTTPS://Git.Example.COM:443/acme/deploy,             https://git.example.com/acme/deploy",
            "https://git.example.com:8443/acme/deploy,            https://git.example.com:8443/acme/deploy",
            "https://git.example.com/Acme/Deploy,                 https://git.example.com/Acme/Deploy",
            "git@git.example.com:acme/deploy.git,                 ssh://git.example.com/acme/deploy",
            "ssh://git@git.example.com:22/acme/deploy.git,        ssh://git.example.com/acme/deploy",
            "ssh://git:pw@git.example.com/acme/deploy,            ssh://git.example.com/acme/deploy",
            "/srv/git/deploy,                                     file:///srv/git/deploy",
            "/srv/git/deploy/,                                    file:///srv/git/deploy",
            "/srv/git/deploy/.git,                                file:///srv/git/deploy",
            "file:///srv/git/deploy/.git/,                        file:///srv/git/deploy",
            "/srv/git/deploy.git,                                 file:///srv/git/deploy",
            "/srv/git/../git/deploy,                              file:///srv/git/deploy",
    })
    void normalizes(String url, String expected) {
        assertThat(SourceUrl.normalize(url)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"https://user:token@host/acme/deploy", "https://token@host/acme/deploy", "ssh://git:secret@host/x"})
    void neverKeepsACredential(String url) {
        assertThat(SourceUrl.normalize(url)).doesNotContain("token").doesNotContain("secret").doesNotContain("@");
    }
}
