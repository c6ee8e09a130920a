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
 * @param rolloutsActive      a rollout began and not every rollout has ended and cleaned up: the rollout records must be
 *                            read even when the synced revision's policy configures no rollout (an agent restarting
 *                            onto a revision that dropped {@code rollouts:} must still end the rollout and delete its
 *                            canary); {@code false} lets a steady state or first sync skip that read
 */
public record EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision,
                                 Instant updatedAt, String failedRevision, boolean rolloutsActive) {

    public EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision, Instant updatedAt,
                              String failedRevision) {
        this(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, failedRevision, false);
    }

    public EnvironmentControl(String pinnedRevision, String approvedRevision, String lastAppliedRevision, Instant updatedAt) {
        this(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, null);
    }

    public static EnvironmentControl empty() {
        return new EnvironmentControl(null, null, null, null, null, false);
    }

    public EnvironmentControl withFailedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, revision, rolloutsActive);
    }

    public boolean pinned() {
        return pinnedRevision != null;
    }

    public EnvironmentControl withPinnedRevision(String revision) {
        return new EnvironmentControl(revision, approvedRevision, lastAppliedRevision, updatedAt, failedRevision, rolloutsActive);
    }

    public EnvironmentControl withApprovedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, revision, lastAppliedRevision, updatedAt, failedRevision, rolloutsActive);
    }

    public EnvironmentControl withLastAppliedRevision(String revision) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, revision, updatedAt, failedRevision, rolloutsActive);
    }

    public EnvironmentControl withUpdatedAt(Instant time) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, time, failedRevision, rolloutsActive);
    }

    public EnvironmentControl withRolloutsActive(boolean active) {
        return new EnvironmentControl(pinnedRevision, approvedRevision, lastAppliedRevision, updatedAt, failedRevision, active);
    }

    /** Same revisions, whenever they were set: an update that changes nothing writes nothing. */
    boolean sameRevisions(EnvironmentControl other) {
        return Objects.equals(pinnedRevision, other.pinnedRevision)
                && Objects.equals(approvedRevision, other.approvedRevision)
                && Objects.equals(lastAppliedRevision, other.lastAppliedRevision)
                && Objects.equals(failedRevision, other.failedRevision)
                && rolloutsActive == other.rolloutsActive;
    }
}
