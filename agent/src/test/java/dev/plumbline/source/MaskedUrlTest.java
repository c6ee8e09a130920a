package dev.plumbline.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MaskedUrlTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://ghp_secret@github.com/acme/deploy.git      | https://***@github.com/acme/deploy.git",
            "https://user:s3cret@git.example.com/a/b.git        | https://***@git.example.com/a/b.git",
            "http://git.example.com/a/b.git                     | http://git.example.com/a/b.git",
            "ssh://git@git.example.com:2222/acme/deploy.git     | ssh://git@git.example.com:2222/acme/deploy.git",
            "ssh://git:hunter2@git.example.com/acme/deploy.git  | ssh://git:***@git.example.com/acme/deploy.git",
            "git@github.com:acme/deploy.git                     | git@github.com:acme/deploy.git",
            "/srv/git/deploy                                    | /srv/git/deploy",
            "file:///srv/git/deploy.git                         | file:///srv/git/deploy.git",
    })
    void masksCredentialsButKeepsWhatIdentifiesTheRepository(String raw, String masked) {
        MaskedUrl url = MaskedUrl.of(raw);
        assertThat(url.toString()).isEqualTo(masked);
        assertThat(url.raw()).isEqualTo(raw);
    }

    @Test
    void scrubsUrlsInsideFreeText() {
        assertThat(MaskedUrl.scrub("https://tok@h/x.git: not authorized; see http://u:p@proxy:3128/"))
                .isEqualTo("https://***@h/x.git: not authorized; see http://***@proxy:3128/");
    }

    @Test
    void cacheFolderIsNamedAfterTheRepositoryAndTheMaskedUrl() {
        Path cache = Path.of("/var/cache/plumbline");
        Path a = BareCache.directoryFor(cache, MaskedUrl.of("https://old-token@git.example.com/acme/deploy.git"));
        Path b = BareCache.directoryFor(cache, MaskedUrl.of("https://new-token@git.example.com/acme/deploy.git"));
        Path other = BareCache.directoryFor(cache, MaskedUrl.of("https://git.example.com/acme/other.git"));
        assertThat(a).isEqualTo(b).as("rotating a token keeps the cache");
        assertThat(a.getParent()).isEqualTo(cache);
        assertThat(a.getFileName().toString()).matches("deploy-[0-9a-f]{12}").doesNotContain("token");
        assertThat(other.getFileName().toString()).startsWith("other-");
        assertThat(BareCache.directoryFor(cache, MaskedUrl.of("git@github.com:acme/deploy.git")).getFileName().toString())
                .startsWith("deploy-");
    }
}
