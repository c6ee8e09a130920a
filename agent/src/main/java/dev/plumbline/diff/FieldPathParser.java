package dev.plumbline.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the merge-key field form that {@link FieldPaths#field} prints:
 * {@code name(.name)*} with bracket steps {@code [3]}, {@code [*]}, {@code [key=value]} and {@code ["any key"]}
 * (backslash escapes {@code \"} and {@code \\} inside quotes).
 */
final class FieldPathParser {

    private final String text;
    private int pos;

    private FieldPathParser(String text) {
        this.text = text;
    }

    static List<PathSelector.Step> parse(String text) {
        return new FieldPathParser(text).steps();
    }

    private List<PathSelector.Step> steps() {
        List<PathSelector.Step> steps = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '[') {
                steps.add(bracket());
            } else if (c == '.' && pos > 0) {
                pos++;
                steps.add(name());
            } else {
                steps.add(name());
            }
        }
        return steps;
    }

    private PathSelector.Step name() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
            pos++;
        }
        if (pos == start) {
            throw error("empty field name");
        }
        String name = text.substring(start, pos);
        return "*".equals(name) ? new PathSelector.Any() : new PathSelector.Token(name);
    }

    private PathSelector.Step bracket() {
        pos++;
        if (pos < text.length() && text.charAt(pos) == '"') {
            String key = quoted();
            expect(']');
            return new PathSelector.Token(key);
        }
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw error("unclosed '['");
        }
        String inner = text.substring(pos, close).trim();
        pos = close + 1;
        if ("*".equals(inner)) {
            return new PathSelector.Any();
        }
        int eq = inner.indexOf('=');
        if (eq > 0) {
            return new PathSelector.Match(inner.substring(0, eq).trim(), unquote(inner.substring(eq + 1).trim()));
        }
        try {
            return new PathSelector.Index(Integer.parseInt(inner));
        } catch (NumberFormatException e) {
            throw error("'[" + inner + "]' is neither an index, [*], [key=value] nor [\"key\"]");
        }
    }

    private String quoted() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"') {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            out.append(c);
        }
        expect('"');
        return out.toString();
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "' at position " + pos);
        }
        pos++;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private IllegalArgumentException error(String cause) {
        return new IllegalArgumentException("ignoreDifferences path '" + text + "' parse failed: " + cause);
    }
}
