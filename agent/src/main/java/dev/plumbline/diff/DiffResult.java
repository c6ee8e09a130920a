package dev.plumbline.diff;

import java.util.Map;

/**
 * A drift entry together with the two objects that were compared, for the CLI's text output ({@link UnifiedDiff}).
 * Both maps are normalized (server-owned metadata and {@code status} removed) and masked (no Secret values).
 *
 * @param desired the dry-run answer: what the object would become; for Missing, the normalized manifest;
 *                {@code null} when there was nothing to compare (Conflict, Error, ignored)
 * @param live    the live object at the compared resourceVersion; {@code null} when absent
 */
public record DiffResult(DriftEntry entry, Map<String, Object> desired, Map<String, Object> live) {
}
