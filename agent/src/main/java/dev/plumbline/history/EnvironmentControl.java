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
 */
public record EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision,
                                 Instant updatedAt) {

    public static EnvironmentControl empty() {
        return new EnvironmentControl(null, null, null, null);
    }

    public boolean pinned() {
        return pinnedRevision != null;
    }

    public EnvironmentControl withPinnedRevision(String revision) {
        return new EnvironmentControl(revision, approvedRevision, lastAppliedRevision, updatedAt);
    }

    public EnvironmentControl withApprovedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, revision, lastAppliedRevision, updatedAt);
    }

    public EnvironmentControl withLastAppliedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, revision, updatedAt);
    }

    public EnvironmentControl withUpdatedAt(Instant time) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, time);
    }

    /** Same revisions, whenever they were set: an update that changes nothing writes nothing. */
    boolean sameRevisions(EnvironmentControl other) {
        return Objects.equals(pinnedRevision, other.pinnedRevision)
                && Objects.equals(approvedRevision, other.approvedRevision)
                && Objects.equals(lastAppliedRevision, other.lastAppliedRevision);
    }
}
