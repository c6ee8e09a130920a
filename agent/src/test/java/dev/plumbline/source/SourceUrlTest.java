package dev.plumbline.source;

import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

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

    /**
     * The demo's agent follows a checkout by its path while the CLI run in it named the checkout's origin: the CLI got
     * a Conflict on the demo's own environments. Both now ask {@link SourceUrl#identity}.
     */
    @Test
    void aLocalCloneStandsForItsOrigin(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("checkout");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(checkout.toFile()).call()) {
            git.getRepository().getConfig().setString("remote", "origin", "url", "https://tok:s3cr3t@Git.Example.com/acme/deploy.git");
            git.getRepository().getConfig().save();
        }
        Files.createDirectories(checkout.resolve("environments"));
        Path bare = dir.resolve("mirror.git");
        Git.cloneRepository().setURI(checkout.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();

        assertThat(SourceUrl.identity(checkout.toString())).isEqualTo("https://git.example.com/acme/deploy");
        assertThat(SourceUrl.identity("file://" + checkout)).isEqualTo("https://git.example.com/acme/deploy");
        assertThat(SourceUrl.identity(checkout.resolve("environments").toString())).isEqualTo("https://git.example.com/acme/deploy");
        // one hop only: the mirror stands for the checkout it was cloned from, not for that checkout's own origin
        assertThat(SourceUrl.identity(bare.toString())).isEqualTo("file://" + checkout.toRealPath());
    }

    @Test
    void withoutAnOriginALocalRepositoryIsItsPath(@TempDir Path dir) throws Exception {
        Git.init().setInitialBranch("main").setDirectory(dir.toFile()).call().close();
        assertThat(SourceUrl.identity(dir.toString())).isEqualTo(SourceUrl.normalize(dir.toString()));
        assertThat(SourceUrl.identity(dir.resolve("absent").toString())).isEqualTo(SourceUrl.normalize(dir.resolve("absent").toString()));
        assertThat(SourceUrl.identity("https://git.example.com/acme/deploy.git")).isEqualTo("https://git.example.com/acme/deploy");
    }
}
