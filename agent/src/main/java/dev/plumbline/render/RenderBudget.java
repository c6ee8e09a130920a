package dev.plumbline.render;

/**
 * What one render of one environment may consume in total, across every file it reads (manifests, kustomizations,
 * patches, generator files), so that no commit can exhaust the agent's heap: the 2 MiB-a-file limit of Kubernetes
 * objects does not help when 60 small files each expand a YAML alias bomb. A render that crosses a limit fails as a
 * whole with {@code file:line: render budget exceeded: …} naming the limit, its setting and the file that crossed it.
 *
 * <p>Defaults fit 10,000 ordinary objects with room to spare, and keep a render that stays just under every limit
 * within a 256 MiB heap (tested by running the jar with {@code -Xmx256m}). Each can be changed with a JVM system
 * property (for the agent and the CLI alike, e.g. in {@code JAVA_TOOL_OPTIONS}):
 * <pre>{@code
 * -Dplumbline.render.max-bytes=33554432        # bytes read from the repository, all files together (32 MiB)
 * -Dplumbline.render.max-file-bytes=8388608    # one file (8 MiB)
 * -Dplumbline.render.max-objects=25000         # objects rendered
 * -Dplumbline.render.max-values=1000000        # YAML values (scalars, lists, maps) after alias expansion
 * -Dplumbline.render.max-text=67108864         # characters of scalar text after alias expansion (64 Mi)
 * }</pre>
 *
 * @param maxBytes     bytes read from the repository by one render
 * @param maxFileBytes bytes of one file (also SnakeYAML's code-point limit)
 * @param maxObjects   objects in one render (after {@code List} kinds are expanded)
 * @param maxValues    YAML values after alias expansion, every document of every file together
 * @param maxText      characters of scalar values after alias expansion (one long string aliased a million times
 *                     is small in memory but not once it is serialized)
 */
public record RenderBudget(long maxBytes, int maxFileBytes, int maxObjects, long maxValues, long maxText) {

    public static final String PREFIX = "plumbline.render.";

    public RenderBudget {
        if (maxBytes <= 0 || maxFileBytes <= 0 || maxObjects <= 0 || maxValues <= 0 || maxText <= 0) {
            throw new IllegalArgumentException("render budgets must be positive: " + this);
        }
    }

    /** The built-in limits, each overridden by its {@code plumbline.render.*} system property when set. */
    public static RenderBudget defaults() {
        return new RenderBudget(
                property("max-bytes", 32L * 1024 * 1024),
                (int) property("max-file-bytes", 8L * 1024 * 1024),
                (int) property("max-objects", 25_000),
                property("max-values", 1_000_000),
                property("max-text", 64L * 1024 * 1024));
    }

    public RenderBudget withMaxBytes(long value) {
        return new RenderBudget(value, maxFileBytes, maxObjects, maxValues, maxText);
    }

    public RenderBudget withMaxFileBytes(int value) {
        return new RenderBudget(maxBytes, value, maxObjects, maxValues, maxText);
    }

    public RenderBudget withMaxObjects(int value) {
        return new RenderBudget(maxBytes, maxFileBytes, value, maxValues, maxText);
    }

    public RenderBudget withMaxValues(long value) {
        return new RenderBudget(maxBytes, maxFileBytes, maxObjects, value, maxText);
    }

    public RenderBudget withMaxText(long value) {
        return new RenderBudget(maxBytes, maxFileBytes, maxObjects, maxValues, value);
    }

    private static long property(String name, long fallback) {
        String value = System.getProperty(PREFIX + name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim().replace("_", ""));
            if (parsed <= 0 || (name.equals("max-file-bytes") || name.equals("max-objects")) && parsed > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a positive whole number, not `" + value + "`");
        }
    }
}
