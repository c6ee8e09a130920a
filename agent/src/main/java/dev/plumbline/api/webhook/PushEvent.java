package dev.plumbline.api.webhook;

import java.util.List;

/**
 * What a webhook says, reduced to what the agent acts on.
 *
 * @param kind         push, ping, or another event (ignored)
 * @param repositories every URL the payload names the repository by (clone, SSH, web)
 * @param refs         the refs the push moved, with their new SHA (null when unknown or deleted)
 * @param files        the repository paths the pushed commits touched, or {@code null} when the payload does not list
 *                     them completely (Bitbucket, force pushes, truncated commit lists): then every environment is affected
 */
record PushEvent(Kind kind, String name, List<String> repositories, List<RefUpdate> refs, List<String> files) {

    enum Kind { PUSH, PING, OTHER }

    record RefUpdate(String ref, String sha) {

        /** {@code refs/heads/main} and Bitbucket Cloud's bare {@code main} both name branch {@code main}. */
        boolean isBranch(String branch) {
            return ref.equals("refs/heads/" + branch) || (!ref.startsWith("refs/") && ref.equals(branch));
        }
    }

    PushEvent {
        repositories = List.copyOf(repositories);
        refs = List.copyOf(refs);
        files = files == null ? null : List.copyOf(files);
    }

    static PushEvent of(Kind kind, String name) {
        return new PushEvent(kind, name, List.of(), List.of(), null);
    }
}
