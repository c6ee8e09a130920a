package dev.plumbline.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.api.webhook.PushEvent.Kind;
import dev.plumbline.api.webhook.PushEvent.RefUpdate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reads each provider's push payload into a {@link PushEvent}; the event kind comes from the provider's event header. */
final class PushParser {

    private static final String ZERO_SHA = "0000000000000000000000000000000000000000";
    /** GitHub lists at most this many commits; a longer push may touch files the payload does not name. */
    private static final int GITHUB_COMMIT_CAP = 2048;

    private PushParser() {
    }

    static PushEvent parse(Provider provider, Function<String, String> headers, JsonNode payload) {
        String event = provider.event(headers);
        Kind kind = kind(provider, event);
        if (kind != Kind.PUSH) {
            return PushEvent.of(kind, event);
        }
        return switch (provider) {
            case GITHUB, GITEA -> githubLike(payload, event);
            case GITLAB -> gitlab(payload, event);
            case BITBUCKET -> payload.has("push") ? bitbucketCloud(payload, event) : bitbucketServer(payload, event);
            case GENERIC -> generic(payload, event == null ? "push" : event);
        };
    }

    private static Kind kind(Provider provider, String event) {
        String e = event == null ? "" : event.trim();
        return switch (provider) {
            case GITHUB, GITEA -> e.equals("push") ? Kind.PUSH : e.equals("ping") ? Kind.PING : Kind.OTHER;
            case GITLAB -> e.equals("Push Hook") ? Kind.PUSH : Kind.OTHER;
            case BITBUCKET -> e.equals("repo:push") || e.equals("repo:refs_changed") ? Kind.PUSH
                    : e.equals("diagnostics:ping") ? Kind.PING : Kind.OTHER;
            case GENERIC -> e.isEmpty() || e.equals("push") ? Kind.PUSH : e.equals("ping") ? Kind.PING : Kind.OTHER;
        };
    }

    /** GitHub, and Gitea/Forgejo which send the same shape. */
    private static PushEvent githubLike(JsonNode p, String event) {
        JsonNode repo = p.path("repository");
        List<String> urls = texts(repo.path("clone_url"), repo.path("ssh_url"), repo.path("html_url"), repo.path("git_url"));
        JsonNode commits = p.path("commits");
        boolean complete = !p.path("forced").asBoolean(false) && !p.path("created").asBoolean(false)
                && !commits.isEmpty() && commits.size() < GITHUB_COMMIT_CAP;
        return new PushEvent(Kind.PUSH, event, urls, List.of(ref(p.path("ref"), p.path("after"))),
                complete ? commitFiles(commits) : null);
    }

    private static PushEvent gitlab(JsonNode p, String event) {
        JsonNode project = p.path("project");
        JsonNode repo = p.path("repository");
        List<String> urls = texts(project.path("git_http_url"), project.path("git_ssh_url"), project.path("web_url"),
                repo.path("url"), repo.path("git_http_url"), repo.path("git_ssh_url"), repo.path("homepage"));
        JsonNode commits = p.path("commits");
        // GitLab lists at most 20 commits; total_commits_count says how many the push had.
        boolean complete = !commits.isEmpty() && p.path("total_commits_count").asInt(commits.size()) <= commits.size()
                && !ZERO_SHA.equals(p.path("before").asText());
        JsonNode sha = p.path("checkout_sha").isTextual() ? p.path("checkout_sha") : p.path("after");
        return new PushEvent(Kind.PUSH, event, urls, List.of(ref(p.path("ref"), sha)), complete ? commitFiles(commits) : null);
    }

    /** Bitbucket Cloud ({@code repo:push}): branch names without {@code refs/heads/}, no file list. */
    private static PushEvent bitbucketCloud(JsonNode p, String event) {
        List<String> urls = texts(p.path("repository").path("links").path("html").path("href"));
        List<RefUpdate> refs = new ArrayList<>();
        for (JsonNode change : p.path("push").path("changes")) {
            JsonNode moved = change.path("new").isObject() ? change.path("new") : change.path("old");
            if (moved.path("type").asText("branch").equals("branch") && moved.path("name").isTextual()) {
                String sha = change.path("new").path("target").path("hash").asText(null);
                refs.add(new RefUpdate(moved.path("name").asText(), sha));
            }
        }
        return new PushEvent(Kind.PUSH, event, urls, refs, null);
    }

    /** Bitbucket Server / Data Center ({@code repo:refs_changed}): clone URLs, full ref names, no file list. */
    private static PushEvent bitbucketServer(JsonNode p, String event) {
        List<JsonNode> hrefs = new ArrayList<>();
        p.path("repository").path("links").path("clone").forEach(c -> hrefs.add(c.path("href")));
        List<RefUpdate> refs = new ArrayList<>();
        for (JsonNode change : p.path("changes")) {
            refs.add(ref(change.path("ref").path("id").isTextual() ? change.path("ref").path("id") : change.path("refId"),
                    change.path("toHash")));
        }
        return new PushEvent(Kind.PUSH, event, texts(hrefs.toArray(JsonNode[]::new)), refs, null);
    }

    /** {@code {"repository": "<url>", "ref": "refs/heads/main", "after": "<sha>"?, "files": ["…"]?}} */
    private static PushEvent generic(JsonNode p, String event) {
        JsonNode files = p.path("files");
        List<String> listed = files.isArray() ? texts(iterable(files)) : null;
        return new PushEvent(Kind.PUSH, event, texts(p.path("repository")), List.of(ref(p.path("ref"), p.path("after"))), listed);
    }

    private static List<String> commitFiles(JsonNode commits) {
        Set<String> files = new LinkedHashSet<>();
        for (JsonNode c : commits) {
            for (String field : List.of("added", "modified", "removed")) {
                c.path(field).forEach(f -> files.add(f.asText()));
            }
        }
        return List.copyOf(files);
    }

    private static RefUpdate ref(JsonNode ref, JsonNode sha) {
        String s = sha.isTextual() && !sha.asText().equals(ZERO_SHA) ? sha.asText() : null;
        return new RefUpdate(ref.asText(""), s);
    }

    private static JsonNode[] iterable(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.toArray(JsonNode[]::new);
    }

    private static List<String> texts(JsonNode... nodes) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isBlank()) {
                out.add(n.asText());
            }
        }
        return out;
    }
}
