package dev.plumbline.render;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings through one render, so that all of them are reported together. */
final class Problems {

    private final List<RenderProblem> errors = new ArrayList<>();
    private final List<RenderProblem> warnings = new ArrayList<>();

    void error(String file, int line, String message) {
        errors.add(RenderProblem.error(file, line, message));
    }

    void warning(String file, int line, String message) {
        warnings.add(RenderProblem.warning(file, line, message));
    }

    void add(RenderProblem problem) {
        (problem.severity() == RenderProblem.Severity.ERROR ? errors : warnings).add(problem);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    int errorCount() {
        return errors.size();
    }

    List<RenderProblem> errors() {
        return List.copyOf(errors);
    }

    List<RenderProblem> warnings() {
        return warnings.stream().distinct().sorted(RenderProblem.ORDER).toList();
    }

    /** Throws a {@link RenderException} holding every problem if any error was recorded. */
    void throwIfErrors(String subject) {
        if (!errors.isEmpty()) {
            List<RenderProblem> all = new ArrayList<>(errors.stream().distinct().sorted(RenderProblem.ORDER).toList());
            all.addAll(warnings());
            throw new RenderException(subject, all);
        }
    }
}
