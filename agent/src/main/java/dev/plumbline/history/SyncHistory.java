package dev.plumbline.history;

import java.util.List;
import java.util.Objects;

/**
 * One environment's kept history and what is known from before it.
 *
 * @param records          newest first
 * @param baselineRevision the revision in the cluster just before the oldest kept record, as the records dropped by
 *                         compaction left it ({@code null}: nothing was dropped, or the history predates this field);
 *                         so the oldest kept record is classified as it was when it was new
 */
public record SyncHistory(String environment, List<SyncRecord> records, String baselineRevision) {

    public SyncHistory {
        Objects.requireNonNull(environment, "environment");
        records = List.copyOf(records);
    }
}
