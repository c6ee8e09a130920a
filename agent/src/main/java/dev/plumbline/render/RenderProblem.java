package dev.plumbline.render;

import java.util.Comparator;
import java.util.Objects;

/**
 * One finding of a render: where ({@code file} is a repository path, {@code line} is 1-based, 0 when unknown),
 * what, and how bad. Prints as {@code file:line: message} (or {@code file: message} without a line).
 */
public record RenderProblem(String file, int line, String message, Severity severity) {

    public enum Severity { ERROR, WARNING }

    /** Problems in file, then line order (what a reader of the repository expects). */
    public static final Comparator<RenderProblem> ORDER = Comparator
            .comparing((RenderProblem p) -> p.file == null ? "" : p.file)
            .thenComparingInt(RenderProblem::line)
            .thenComparing(RenderProblem::message);

    public RenderProblem {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        file = file == null ? "" : file;
        line = Math.max(line, 0);
    }

    public static RenderProblem error(String file, int line, String message) {
        return new RenderProblem(file, line, message, Severity.ERROR);
    }

    public static RenderProblem warning(String file, int line, String message) {
        return new RenderProblem(file, line, message, Severity.WARNING);
    }

    /** {@code file:line} or {@code file} when the line is unknown. */
    public String location() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        return file.isEmpty() ? message : location() + ": " + message;
    }
}
