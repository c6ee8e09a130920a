package dev.plumbline.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One environment's durable control state, what the reconciler must not forget across restarts.
 *
 * @param pinnedRevision      held here (rollback) until the pin is deleted; {@code null}: follow the branch
 * @param approvedRevision    the revision an explicit sync approved at the approval gate ({@code sync.auto: false})
 * @param lastAppliedRevision the revision of the last sync that applied (not a dry run)
 * @param updatedAt           when the state last changed; set by {@link EnvironmentStateStore#update}
 * @param failedRevision      a revision rolled back because it turned Degraded ({@code sync.rollbackOnDegraded}): not
 *                            retried by a cycle until a new commit or a sync naming it; {@code null}: none
 */
public record EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision,
                                 Instant updatedAt, String failedRevision) {

    public EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision, Instant updatedAt) {
        this(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, null);
    }

    public static EnvironmentControl empty() {
        return new EnvironmentControl(null, null, null, null, null);
    }

    public EnvironmentControl withFailedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, revision);
    }

    public boolean pinned() {
        return pinnedRevision != null;
    }

    public EnvironmentControl withPinnedRevision(String revision) {
        return new EnvironmentControl(revision, approvedRevision, lastAppliedRevision, updatedAt, failedRevision);
    }

    public EnvironmentControl withApprovedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, revision, lastAppliedRevision, updatedAt, failedRevision);
    }

    public EnvironmentControl withLastAppliedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, revision, updatedAt, failedRevision);
    }

    public EnvironmentControl withUpdatedAt(Instant time) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, time, failedRevision);
    }

    /** Same revisions, whenever they were set: an update that changes nothing writes nothing. */
    boolean sameRevisions(EnvironmentControl other) {
        return Objects.equals(pinnedRevision, other.pinnedRevision)
                && Objects.equals(approvedRevision, other.approvedRevision)
                && Objects.equals(lastAppliedRevision, other.lastAppliedRevision)
                && Objects.equals(failedRevision, other.failedRevision);
    }
}
