package dev.plumbline.source;

import java.time.Instant;

/**
 * One commit as the rest of Plumbline sees it.
 *
 * @param sha         full 40-character commit SHA
 * @param shortSha    its first 7 characters, for humans
 * @param authorName  author's name
 * @param authorEmail author's e-mail
 * @param commitTime  committer time (when the commit was made, not authored)
 * @param subject     first line of the commit message
 * @param ref         what it was resolved from, as asked: a branch ({@code main}), a tag ({@code v1.2}) or a SHA
 */
public record Revision(String sha, String shortSha, String authorName, String authorEmail, Instant commitTime,
                       String subject, String ref) {

    @Override
    public String toString() {
        return shortSha + " (" + ref + ") " + subject;
    }
}
