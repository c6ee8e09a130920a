package dev.plumbline.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.api.webhook.PushEvent.Kind;
import dev.plumbline.api.webhook.PushEvent.RefUpdate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PushParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = PushParserTest.class.getResourceAsStream("/webhook/" + name + "-push.json")) {
            return JSON.readTree(in);
        }
    }

    private static PushEvent parse(Provider provider, Map<String, String> headers, JsonNode payload) {
        return PushParser.parse(provider, Signing.headers(headers), payload);
    }

    @Test
    void github() throws IOException {
        PushEvent e = parse(Provider.GITHUB, Map.of("X-GitHub-Event", "push"), fixture("github"));
        assertThat(e.kind()).isEqualTo(Kind.PUSH);
        assertThat(e.repositories()).contains("https://github.com/acme/deploy.git", "git@github.com:acme/deploy.git",
                "https://github.com/acme/deploy");
        assertThat(e.refs()).containsExactly(new RefUpdate("refs/heads/main", "9d3a0f4b8e5c2a1d7f6e3b2c1a0f9e8d7c6b5a49"));
        assertThat(e.files()).containsExactlyInAnyOrder("manifests/orders/deployment.yaml",
                "environments/production/cache.yaml", "environments/production/old-cache.yaml");
    }

    @Test
    void githubForcePushesAndNewBranchesListNoReliableFiles() throws IOException {
        ObjectNode forced = ((ObjectNode) fixture("github")).put("forced", true);
        assertThat(parse(Provider.GITHUB, Map.of("X-GitHub-Event", "push"), forced).files()).isNull();
        ObjectNode created = ((ObjectNode) fixture("github")).put("created", true);
        assertThat(parse(Provider.GITHUB, Map.of("X-GitHub-Event", "push"), created).files()).isNull();
    }

    @Test
    void githubPingAndOtherEvents() throws IOException {
        assertThat(parse(Provider.GITHUB, Map.of("X-GitHub-Event", "ping"), JSON.readTree("{\"zen\":\"Keep it simple.\"}")).kind())
                .isEqualTo(Kind.PING);
        PushEvent issues = parse(Provider.GITHUB, Map.of("X-GitHub-Event", "issues"), JSON.readTree("{}"));
        assertThat(issues.kind()).isEqualTo(Kind.OTHER);
        assertThat(issues.name()).isEqualTo("issues");
    }

    @Test
    void gitlab() throws IOException {
        PushEvent e = parse(Provider.GITLAB, Map.of("X-Gitlab-Event", "Push Hook"), fixture("gitlab"));
        assertThat(e.kind()).isEqualTo(Kind.PUSH);
        assertThat(e.repositories()).contains("https://gitlab.example.com/platform/deploy.git",
                "git@gitlab.example.com:platform/deploy.git", "https://gitlab.example.com/platform/deploy");
        assertThat(e.refs()).containsExactly(new RefUpdate("refs/heads/main", "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"));
        assertThat(e.files()).containsExactlyInAnyOrder("environments/staging/kustomization.yaml",
                "manifests/orders/configmap.yaml", "manifests/orders/kustomization.yaml");
        assertThat(parse(Provider.GITLAB, Map.of("X-Gitlab-Event", "Tag Push Hook"), fixture("gitlab")).kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void gitlabTruncatedCommitListListsNoFiles() throws IOException {
        ObjectNode many = ((ObjectNode) fixture("gitlab")).put("total_commits_count", 57);
        assertThat(parse(Provider.GITLAB, Map.of("X-Gitlab-Event", "Push Hook"), many).files()).isNull();
    }

    @Test
    void gitea() throws IOException {
        PushEvent e = parse(Provider.GITEA, Map.of("X-Gitea-Event", "push", "X-GitHub-Event", "push"), fixture("gitea"));
        assertThat(e.repositories()).contains("https://gitea.example.com/ops/deploy.git", "ssh://git@gitea.example.com:2222/ops/deploy.git");
        assertThat(e.refs()).containsExactly(new RefUpdate("refs/heads/main", "bffeb74224043ba2feb48d137756c8a9331c449a"));
        assertThat(e.files()).containsExactly("environments/production/orders-patch.yaml");
    }

    @Test
    void bitbucketCloudNamesBranchesAndNoFiles() throws IOException {
        PushEvent e = parse(Provider.BITBUCKET, Map.of("X-Event-Key", "repo:push"), fixture("bitbucket-cloud"));
        assertThat(e.kind()).isEqualTo(Kind.PUSH);
        assertThat(e.repositories()).containsExactly("https://bitbucket.org/acme/deploy");
        assertThat(e.refs()).containsExactly(new RefUpdate("main", "4a1e3b1f9ad8a2bd2cda4b3f1e0c8a9d2b3c4e5f"));
        assertThat(e.refs().get(0).isBranch("main")).isTrue();
        assertThat(e.files()).isNull();
    }

    @Test
    void bitbucketServerCloneLinksAndFullRefs() throws IOException {
        PushEvent e = parse(Provider.BITBUCKET, Map.of("X-Event-Key", "repo:refs_changed"), fixture("bitbucket-server"));
        assertThat(e.repositories()).containsExactly("ssh://git@bitbucket.example.com:7999/ops/deploy.git",
                "https://bitbucket.example.com/scm/ops/deploy.git");
        assertThat(e.refs()).containsExactly(new RefUpdate("refs/heads/main", "178864a7d521b6f5e720b386b2c2b0ef8563e0dc"));
        assertThat(e.files()).isNull();
        assertThat(parse(Provider.BITBUCKET, Map.of("X-Event-Key", "diagnostics:ping"), JSON.readTree("{}")).kind()).isEqualTo(Kind.PING);
    }

    @Test
    void generic() throws IOException {
        PushEvent e = parse(Provider.GENERIC, Map.of(), fixture("generic"));
        assertThat(e.kind()).isEqualTo(Kind.PUSH);
        assertThat(e.repositories()).containsExactly("https://git.example.com/acme/deploy.git");
        assertThat(e.refs()).containsExactly(new RefUpdate("refs/heads/main", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"));
        assertThat(e.files()).containsExactly("environments/production/app.yaml", "manifests/orders/service.yaml");
        PushEvent unlisted = parse(Provider.GENERIC, Map.of(), JSON.readTree("{\"repository\":\"/srv/deploy\",\"ref\":\"refs/heads/main\"}"));
        assertThat(unlisted.files()).isNull();
        assertThat(unlisted.refs().get(0).sha()).isNull();
    }

    @Test
    void aBranchIsMatchedByItsFullRefOnly() {
        assertThat(new RefUpdate("refs/heads/main", null).isBranch("main")).isTrue();
        assertThat(new RefUpdate("refs/tags/main", null).isBranch("main")).isFalse();
        assertThat(new RefUpdate("refs/heads/main-2", null).isBranch("main")).isFalse();
    }
}
