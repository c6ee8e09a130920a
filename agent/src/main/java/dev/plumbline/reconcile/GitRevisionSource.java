package dev.plumbline.reconcile;

import dev.plumbline.source.GitSource;
import dev.plumbline.source.Revision;
import dev.plumbline.source.SourceUrl;

/** {@link RevisionSource} over a {@link GitSource}: ls-remote, fetch when moved, read the commit tree. */
public record GitRevisionSource(GitSource git) implements RevisionSource {

    @Override
    public Snapshot latest() {
        Revision head = git.sync();
        return new Snapshot(git.tree(head), RevisionInfo.of(head));
    }

    @Override
    public String location() {
        return SourceUrl.identity(git.url().masked()); // a local clone stands for its origin, as in the CLI
    }

    @Override
    public Snapshot at(String revision) {
        Revision r = git.resolve(revision);
        return new Snapshot(git.tree(r), RevisionInfo.of(r));
    }
}
