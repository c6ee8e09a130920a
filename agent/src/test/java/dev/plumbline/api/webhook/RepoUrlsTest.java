package dev.plumbline.api.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RepoUrlsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com/acme/deploy.git                   | github.com/acme/deploy
            https://github.com/acme/deploy                       | github.com/acme/deploy
            https://github.com/acme/deploy/                      | github.com/acme/deploy
            https://GitHub.COM/acme/deploy.git/                  | github.com/acme/deploy
            https://x-access-token:ghp_abc@github.com/acme/deploy | github.com/acme/deploy
            http://github.com:80/acme/deploy.git                 | github.com/acme/deploy
            git@github.com:acme/deploy.git                       | github.com/acme/deploy
            github.com:acme/deploy                               | github.com/acme/deploy
            ssh://git@github.com/acme/deploy.git                 | github.com/acme/deploy
            ssh://git@gitea.example.com:2222/ops/deploy.git      | gitea.example.com/ops/deploy
            git://github.com/acme/deploy.git                     | github.com/acme/deploy
            https://gitlab.example.com/group/sub/deploy.git      | gitlab.example.com/group/sub/deploy
            https://github.com/Acme/Deploy                       | github.com/Acme/Deploy
            ssh://git@[::1]:2222/ops/deploy.git                  | [::1]/ops/deploy
            http://127.0.0.1:8123/git/deploy.git                 | 127.0.0.1/git/deploy
            /srv/git/deploy.git                                  | /srv/git/deploy
            /srv/git/deploy/.git                                 | /srv/git/deploy
            /srv/git/deploy/                                     | /srv/git/deploy
            file:///srv/git/deploy.git                           | /srv/git/deploy
            file:///srv//git/deploy                              | /srv/git/deploy
            """)
    void normalizesToHostAndPath(String url, String expected) {
        assertThat(RepoUrls.normalize(url)).isEqualTo(expected);
    }
}
