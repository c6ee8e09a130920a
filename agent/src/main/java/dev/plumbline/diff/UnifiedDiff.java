package dev.plumbline.diff;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Unified text diff of the live object and the dry-run answer, as {@code kubectl diff} prints it
 * ({@code ---}/{@code +++} headers, {@code @@} hunks with 3 lines of context, GNU diff's line-range rules).
 * Objects are printed as YAML in the field order the API server returned; sensitive values are already masked in a
 * {@link DiffResult}.
 */
public final class UnifiedDiff {

    static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The text diff of one comparison; empty when the two sides print the same or there was nothing compared. */
    public static String of(DiffResult result) {
        if (result.desired() == null && result.live() == null) {
            return "";
        }
        DriftEntry e = result.entry();
        String name = String.join(".", e.apiVersion().replace('/', '.'), e.kind(),
                e.namespace() == null ? "" : e.namespace(), e.name()).replace("..", ".");
        return diff("live/" + name, toYaml(result.live()), "desired/" + name, toYaml(result.desired()));
    }

    /** Block-style YAML, keys in map order, nothing folded; {@code ""} for {@code null}. */
    public static String toYaml(Map<String, Object> object) {
        if (object == null) {
            return "";
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(object);
    }

    /** A unified diff of two texts; {@code ""} when they are equal. */
    public static String diff(String fromLabel, String fromText, String toLabel, String toText) {
        List<LineDiff.Line> script = LineDiff.diff(lines(fromText), lines(toText));
        if (script.stream().allMatch(l -> l.op() == LineDiff.Op.EQUAL)) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(fromLabel).append('\n').append("+++ ").append(toLabel).append('\n');
        for (int[] hunk : hunks(script)) {
            appendHunk(out, script, hunk[0], hunk[1]);
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(body.split("\n", -1));
    }

    /** [start, end) ranges of the script: each change with up to 3 lines around it, overlapping ranges merged. */
    private static List<int[]> hunks(List<LineDiff.Line> script) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            if (script.get(i).op() == LineDiff.Op.EQUAL) {
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = Math.min(script.size(), i + 1 + CONTEXT);
            int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && start <= last[1]) {
                last[1] = end;
            } else {
                out.add(new int[] {start, end});
            }
        }
        return out;
    }

    private static void appendHunk(StringBuilder out, List<LineDiff.Line> script, int from, int to) {
        long oldBefore = script.subList(0, from).stream().filter(l -> l.oldIndex() >= 0).count();
        long newBefore = script.subList(0, from).stream().filter(l -> l.newIndex() >= 0).count();
        List<LineDiff.Line> lines = script.subList(from, to);
        long oldCount = lines.stream().filter(l -> l.oldIndex() >= 0).count();
        long newCount = lines.stream().filter(l -> l.newIndex() >= 0).count();
        out.append("@@ -").append(range(oldBefore, oldCount)).append(" +").append(range(newBefore, newCount))
                .append(" @@\n");
        for (LineDiff.Line l : lines) {
            char sign = switch (l.op()) {
                case EQUAL -> ' ';
                case DELETE -> '-';
                case INSERT -> '+';
            };
            out.append(sign).append(l.text()).append('\n');
        }
    }

    /** GNU diff: {@code start,count} 1-based; {@code start} alone for one line; an empty range names the line before. */
    private static String range(long before, long count) {
        if (count == 1) {
            return String.valueOf(before + 1);
        }
        return (count == 0 ? before : before + 1) + "," + count;
    }
}
