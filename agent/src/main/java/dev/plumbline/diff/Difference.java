package dev.plumbline.diff;

import java.util.List;

/**
 * A raw difference found by {@link StructuralDiff}, before attribution and masking.
 *
 * @param desired {@code null} when absent in the desired object
 * @param live    {@code null} when absent in the live object
 */
record Difference(List<Segment> path, Object desired, Object live) {

    Difference {
        path = List.copyOf(path);
    }

    String pointer() {
        return FieldPaths.pointer(path);
    }

    String field() {
        return FieldPaths.field(path);
    }
}
