package dev.plumbline.cli;

import dev.plumbline.render.RenderException;
import dev.plumbline.render.RenderProblem;

import java.io.PrintWriter;

/** Prints render problems as {@code file:line: message}, one a line, errors then warnings. */
final class Problems {

    private Problems() {
    }

    static void print(PrintWriter err, RenderException e) {
        for (RenderProblem p : e.problems()) {
            String kind = p.severity() == RenderProblem.Severity.WARNING ? "warning: " : "";
            err.println((p.file().isEmpty() ? "" : p.location() + ": ") + kind + p.message());
        }
        err.flush();
    }
}
