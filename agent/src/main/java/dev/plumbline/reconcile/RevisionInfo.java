package dev.plumbline.reconcile;

import dev.plumbline.source.Revision;

import java.time.Instant;

/** The revision a report or sync is about, as the API shows it. {@code sha == "worktree"} for uncommitted files. */
public record RevisionInfo(String sha, String shortSha, String subject, String author, Instant time) {

    public static RevisionInfo of(Revision r) {
        return new RevisionInfo(r.sha(), r.shortSha(), r.subject(), r.authorName() + " <" + r.authorEmail() + ">", r.commitTime());
    }

    public static RevisionInfo worktree() {
        return new RevisionInfo("worktree", "worktree", "uncommitted files", null, null);
    }
}
