package dev.plumbline.render;

import dev.plumbline.resource.PlumblineException;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A render that failed. It carries every error found (a render reports all it can, not just the first) and the
 * warnings seen on the way; nothing partial is ever returned alongside it.
 */
public class RenderException extends PlumblineException {

    private final List<RenderProblem> problems;

    public RenderException(String subject, List<RenderProblem> problems) {
        super(subject + " render failed: " + summary(problems));
        this.problems = List.copyOf(problems);
    }

    /** Errors first (in file, line order), then warnings. */
    public List<RenderProblem> problems() {
        return problems;
    }

    public List<RenderProblem> errors() {
        return problems.stream().filter(p -> p.severity() == RenderProblem.Severity.ERROR).toList();
    }

    private static String summary(List<RenderProblem> problems) {
        List<RenderProblem> errors = problems.stream()
                .filter(p -> p.severity() == RenderProblem.Severity.ERROR).toList();
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return errors.size() + " errors:\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }
}
