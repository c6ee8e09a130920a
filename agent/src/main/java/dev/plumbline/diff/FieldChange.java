package dev.plumbline.diff;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One differing field (or the smallest differing subtree, for a map key or list item present on one side only).
 *
 * @param path      RFC 6901 JSON Pointer into the live object, e.g. {@code /spec/template/spec/containers/0/image};
 *                  for a list item only the desired object has, the index it takes in the desired object
 * @param field     the same location with list items named by their merge key, e.g.
 *                  {@code spec.template.spec.containers[name=api].image}
 * @param desired   the value an apply would write (from the dry-run answer); {@code null} when the apply removes it
 * @param live      the live value; {@code null} when absent
 * @param changedBy who last wrote the live field; {@link ChangedBy#UNKNOWN} when managedFields cannot tell
 */
@JsonPropertyOrder({"path", "field", "desired", "live", "changedBy"})
public record FieldChange(String path, String field, Object desired, Object live, ChangedBy changedBy) {

    public FieldChange {
        changedBy = changedBy == null ? ChangedBy.UNKNOWN : changedBy;
    }

    public FieldChange withChangedBy(ChangedBy by) {
        return new FieldChange(path, field, desired, live, by);
    }

    public FieldChange withValues(Object newDesired, Object newLive) {
        return new FieldChange(path, field, newDesired, newLive, changedBy);
    }
}
