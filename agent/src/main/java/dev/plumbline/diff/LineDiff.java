package dev.plumbline.diff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A shortest line edit script (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986), after trimming the
 * common prefix and suffix, which is most of an object that changed in one place.
 */
final class LineDiff {

    enum Op { EQUAL, DELETE, INSERT }

    /** One line of the script, with its 0-based positions in the old and new text (-1 where it has none). */
    record Line(Op op, String text, int oldIndex, int newIndex) {
    }

    private LineDiff() {
    }

    static List<Line> diff(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            out.add(new Line(Op.EQUAL, a.get(i), i, i));
        }
        List<Line> middle = myers(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix));
        for (Line l : middle) {
            out.add(new Line(l.op(), l.text(), l.oldIndex() < 0 ? -1 : l.oldIndex() + prefix,
                    l.newIndex() < 0 ? -1 : l.newIndex() + prefix));
        }
        for (int i = suffix; i > 0; i--) {
            out.add(new Line(Op.EQUAL, a.get(a.size() - i), a.size() - i, b.size() - i));
        }
        return out;
    }

    /** Forward greedy Myers, keeping each round's frontier to walk the path back. */
    private static List<Line> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int offset = n + m + 1;
        int[] v = new int[2 * offset + 1];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= n + m; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                        ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(a, b, trace, offset);
                }
            }
        }
        throw new IllegalStateException("unreachable: an edit script of length n + m always exists");
    }

    private static List<Line> backtrack(List<String> a, List<String> b, List<int[]> trace, int offset) {
        List<Line> out = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d > 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            boolean down = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]);
            int prevK = down ? k + 1 : k - 1;
            int prevX = v[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                out.add(new Line(Op.EQUAL, a.get(x - 1), x - 1, y - 1));
                x--;
                y--;
            }
            out.add(down ? new Line(Op.INSERT, b.get(prevY), -1, prevY) : new Line(Op.DELETE, a.get(prevX), prevX, -1));
            x = prevX;
            y = prevY;
        }
        while (x > 0 && y > 0) {
            out.add(new Line(Op.EQUAL, a.get(x - 1), x - 1, y - 1));
            x--;
            y--;
        }
        Collections.reverse(out);
        return out;
    }
}
