package dev.plumbline.diff;

/**
 * How the engine's diff verb ({@code engine.Engine#diff}) compares.
 *
 * @param fieldManager        the field manager of the dry-run apply: Plumbline's own identity on the cluster
 * @param sensitiveAnnotation a ConfigMap with this annotation set to {@code "true"} is treated like a Secret
 * @param cacheSize           how many objects' verdicts the engine's verdict cache keeps
 * @param conflictProbe       when managedFields cannot attribute a change, ask a second, non-forced dry-run whose
 *                            409 names the conflicting managers. Off by default: it costs a second call per
 *                            drifted object, and a watch event should cost at most one dry-run.
 */
public record DiffOptions(String fieldManager, String sensitiveAnnotation, int cacheSize, boolean conflictProbe) {

    public DiffOptions {
        if (fieldManager == null || fieldManager.isBlank()) {
            throw new IllegalArgumentException("fieldManager must not be blank");
        }
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be positive, was " + cacheSize);
        }
    }

    public static DiffOptions defaults() {
        return new DiffOptions("plumbline", "plumbline.dev/sensitive", 50_000, false);
    }

    public DiffOptions withConflictProbe(boolean probe) {
        return new DiffOptions(fieldManager, sensitiveAnnotation, cacheSize, probe);
    }

    public DiffOptions withCacheSize(int size) {
        return new DiffOptions(fieldManager, sensitiveAnnotation, size, conflictProbe);
    }
}
