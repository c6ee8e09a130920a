package dev.plumbline.api.webhook;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The senders of push webhooks, told apart by their headers. Order matters: an explicit {@code X-Plumbline-Signature}
 * wins, and Gitea/Forgejo come before GitHub because they also send GitHub's headers for compatibility.
 */
enum Provider {

    GENERIC("generic", List.of("X-Plumbline-Signature", "X-Plumbline-Event"), List.of("X-Plumbline-Event")),
    GITEA("Gitea/Forgejo", List.of("X-Gitea-Signature", "X-Forgejo-Signature", "X-Gitea-Event", "X-Forgejo-Event"),
            List.of("X-Forgejo-Event", "X-Gitea-Event")),
    GITLAB("GitLab", List.of("X-Gitlab-Token", "X-Gitlab-Event"), List.of("X-Gitlab-Event")),
    GITHUB("GitHub", List.of("X-Hub-Signature-256", "X-GitHub-Event"), List.of("X-GitHub-Event")),
    BITBUCKET("Bitbucket", List.of("X-Event-Key", "X-Hub-Signature"), List.of("X-Event-Key"));

    private final String title;
    private final List<String> markers;
    private final List<String> eventHeaders;

    Provider(String title, List<String> markers, List<String> eventHeaders) {
        this.title = title;
        this.markers = markers;
        this.eventHeaders = eventHeaders;
    }

    /** The provider whose headers the request carries, if any. */
    static Optional<Provider> detect(Function<String, String> headers) {
        for (Provider p : values()) {
            if (p.markers.stream().anyMatch(h -> headers.apply(h) != null)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The event name the sender put in its event header ({@code push}, {@code Push Hook}, {@code repo:push}, …), or null. */
    String event(Function<String, String> headers) {
        return eventHeaders.stream().map(headers).filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return title;
    }
}
