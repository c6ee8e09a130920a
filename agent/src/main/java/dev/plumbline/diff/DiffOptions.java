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

    /**
     * The cache bound is several times the largest size the agent is built for (issue 17: 50,000 objects in one agent,
     * whose environments share one engine): the cache evicts the least recently used, and environments are checked in
     * turn, so with more objects than slots every check would find its objects evicted by the others' and dry-run all
     * of them (decision 0047). A slot costs well under 1 KiB, and only objects the agent manages fill it.
     */
    public static DiffOptions defaults() {
        return new DiffOptions("plumbline", "plumbline.dev/sensitive", 250_000, false);
    }

    public DiffOptions withConflictProbe(boolean probe) {
        return new DiffOptions(fieldManager, sensitiveAnnotation, cacheSize, probe);
    }

    public DiffOptions withCacheSize(int size) {
        return new DiffOptions(fieldManager, sensitiveAnnotation, size, conflictProbe);
    }
}
