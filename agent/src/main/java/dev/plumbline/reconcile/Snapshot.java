package dev.plumbline.reconcile;

import dev.plumbline.resource.RepoTree;

/** One readable revision of the repository. */
public record Snapshot(RepoTree tree, RevisionInfo revision) {
}
