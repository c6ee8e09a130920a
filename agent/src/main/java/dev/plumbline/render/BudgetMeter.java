package dev.plumbline.render;

/**
 * The running totals of one render against its {@link RenderBudget}. Not thread-safe: one render, one thread. A
 * crossed limit throws {@link Exceeded} at once, so a render stops reading instead of collecting more errors (each
 * further file would cross it again, and reading on is what costs the memory).
 */
final class BudgetMeter {

    /** A limit crossed: the render stops with this problem. */
    static final class Exceeded extends RuntimeException {
        private final transient RenderProblem problem;

        Exceeded(RenderProblem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }

        RenderProblem problem() {
            return problem;
        }
    }

    static final int COMPOSED_WEIGHT = 4;

    private final RenderBudget budget;
    private long bytes;
    private int objects;
    private long values;
    private long text;
    private long composed; // nodes of the document being composed, not yet converted

    BudgetMeter(RenderBudget budget) {
        this.budget = budget;
    }

    RenderBudget budget() {
        return budget;
    }

    /** Before a file of {@code size} bytes is loaded. */
    void bytes(String file, long size) {
        if (size > budget.maxFileBytes()) {
            throw exceeded(file, 0, "file is " + size + " bytes, more than the limit of " + budget.maxFileBytes()
                    + " bytes for one file", "max-file-bytes");
        }
        bytes += size;
        if (bytes > budget.maxBytes()) {
            throw exceeded(file, 0, "reading this file (" + size + " bytes) brings the render to " + bytes
                    + " bytes read, more than the limit of " + budget.maxBytes(), "max-bytes");
        }
    }

    void object(String file, int line) {
        if (++objects > budget.maxObjects()) {
            throw exceeded(file, line, "more than " + budget.maxObjects() + " objects in one render", "max-objects");
        }
    }

    /**
     * A node composed (parsed, before aliases are expanded). Each will become at least one value, so a document whose
     * nodes alone would cross the value limit stops here, before its node tree fills the heap. A composed node (with
     * its two source marks) weighs about {@value #COMPOSED_WEIGHT} converted values and the whole document's tree is
     * held at once, so one document may hold at most {@code maxValues / COMPOSED_WEIGHT} nodes.
     */
    boolean composed() {
        composed++;
        return values + composed <= budget.maxValues() && composed * COMPOSED_WEIGHT <= budget.maxValues();
    }

    /** The document's nodes were converted (and counted as values); its composed nodes are gone. */
    void documentDone() {
        composed = 0;
    }

    /** A value produced by conversion (aliases count once per use); false when over the limit. */
    boolean value() {
        return ++values <= budget.maxValues();
    }

    /** Scalar text produced by conversion; false when over the limit. */
    boolean text(int chars) {
        text += chars;
        return text <= budget.maxText();
    }

    Exceeded valuesExceeded(String file, int line) {
        return exceeded(file, line, "more than " + budget.maxValues() + " YAML values (after alias expansion) in one "
                + "render", "max-values");
    }

    /** Where {@link #composed()} said no: the render's values, or this one document's nodes. */
    Exceeded composedExceeded(String file, int line) {
        if (composed * COMPOSED_WEIGHT > budget.maxValues()) {
            return exceeded(file, line, "one YAML document of more than " + budget.maxValues() / COMPOSED_WEIGHT
                    + " nodes (a quarter of the values one render may hold)", "max-values");
        }
        return valuesExceeded(file, line);
    }

    Exceeded textExceeded(String file, int line) {
        return exceeded(file, line, "more than " + budget.maxText() + " characters of YAML scalars (after alias "
                + "expansion) in one render", "max-text");
    }

    private static Exceeded exceeded(String file, int line, String what, String property) {
        return new Exceeded(RenderProblem.error(file, line, "render budget exceeded: " + what + " (limit "
                + RenderBudget.PREFIX + property + "); this file crossed it"));
    }
}
