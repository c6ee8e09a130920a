package dev.plumbline.diff;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Who last wrote a field, as recorded by the API server in {@code metadata.managedFields}.
 *
 * @param manager     the field manager, e.g. {@code kubectl-edit}, {@code kubectl-set}; {@code unknown} when nothing tells
 * @param operation   {@code Apply} (server-side apply) or {@code Update} (create/update/patch); {@code null} when unknown
 * @param subresource e.g. {@code scale}; recorded by API servers from 1.22 on, {@code null} otherwise
 * @param time        when the manager last changed its field set (RFC 3339), {@code null} when unknown
 * @see <a href="https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management">Field management</a>
 */
@JsonPropertyOrder({"manager", "operation", "subresource", "time"})
public record ChangedBy(String manager, String operation, String subresource, String time) {

    /** Attribution was attempted and managedFields could not tell. */
    public static final ChangedBy UNKNOWN = new ChangedBy("unknown", null, null, null);

    public ChangedBy {
        manager = manager == null || manager.isEmpty() ? "unknown" : manager;
        subresource = subresource == null || subresource.isEmpty() ? null : subresource;
    }

    public boolean known() {
        return !"unknown".equals(manager);
    }
}
