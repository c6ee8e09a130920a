package dev.plumbline.diff;

/**
 * The outcome of comparing one object. The constant names are the words of the HTTP API and the CLI's JSON output.
 */
public enum Verdict {
    /** Applying the desired object would change nothing (or the object is ignored). */
    InSync,
    /** Applying the desired object would change the fields listed in the entry's {@code changes}. */
    Modified,
    /** The object is in Git but not in the cluster. */
    Missing,
    /** The object is in the inventory but no longer in Git. */
    Orphaned,
    /** The live object belongs to another environment or another tool (Helm, Argo CD, Flux) and is not adopted. */
    Conflict,
    /** The comparison itself failed for this object, e.g. an immutable field (422) or a kind the cluster does not serve. */
    Error
}
