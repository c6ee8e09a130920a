package dev.plumbline.reconcile;

/**
 * Where revisions come from: the agent's Git cache (fetch only when ls-remote says the branch moved), or for the
 * CLI a working directory. Failures are {@link dev.plumbline.source.SourceException}s naming what failed.
 */
public interface RevisionSource {

    /** The followed branch's newest revision (fetching if needed). */
    Snapshot latest();

    /** A given branch, tag or SHA. */
    Snapshot at(String revision);

    /**
     * The repository this source reads, as configured (credentials masked), for the ownership of environments
     * ({@code dev.plumbline.source.SourceUrl} normalizes it); {@code null} when it names none (a fixed snapshot).
     */
    default String location() {
        return null;
    }

    /** A fixed snapshot: {@code latest()} and {@code at()} always answer it (a working directory, a test). */
    static RevisionSource fixed(Snapshot snapshot) {
        return new RevisionSource() {
            @Override
            public Snapshot latest() {
                return snapshot;
            }

            @Override
            public Snapshot at(String revision) {
                return snapshot;
            }
        };
    }
}
