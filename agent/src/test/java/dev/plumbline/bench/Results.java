package dev.plumbline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every measured sample, per size and phase; medians as Markdown tables, samples as CSV and JSON. */
final class Results {

    /** One tool's samples in one phase. Wall in seconds; memory in MiB ({@code memKind}: RSS peak or heap after GC). */
    static final class Side {
        final List<Double> wall = new ArrayList<>();
        final List<Double> cpu = new ArrayList<>();
        final List<Double> calls = new ArrayList<>();
        final List<Double> mem = new ArrayList<>();
        final List<Map<String, Long>> verbs = new ArrayList<>();
        String memKind = "RSS";

        Side add(double wallSeconds, double cpuSeconds, double apiCalls, double memMiB) {
            wall.add(wallSeconds);
            cpu.add(cpuSeconds);
            calls.add(apiCalls);
            mem.add(memMiB);
            return this;
        }

        boolean empty() {
            return wall.isEmpty();
        }
    }

    static final class Row {
        final int size;
        final String phase;
        final boolean millis;
        final Side plumbline = new Side();
        final Side kubectl = new Side();
        String callsKind = "server-side count";
        String note = "";

        Row(int size, String phase, boolean millis) {
            this.size = size;
            this.phase = phase;
            this.millis = millis;
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, String> context = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    String machine = "";

    Row row(int size, String phase, boolean millis) {
        Row r = new Row(size, phase, millis);
        rows.add(r);
        return r;
    }

    /** The row of a size whose phase starts with {@code prefix}. */
    Row find(int size, String prefix) {
        return rows.stream().filter(r -> r.size == size && r.phase.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no row " + prefix));
    }

    void context(int size, String line) {
        context.merge(size, line, (a, b) -> a + "; " + b);
    }

    void note(String line) {
        notes.add(line);
    }

    static double median(List<Double> values) {
        List<Double> v = values.stream().filter(d -> !Double.isNaN(d)).sorted().toList();
        if (v.isEmpty()) {
            return Double.NaN;
        }
        int m = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(m) : (v.get(m - 1) + v.get(m)) / 2;
    }

    String markdown() {
        return markdown("####");
    }

    /** The tables, one per size under a heading of this level ({@code "####"} in results.md, {@code "##"} in the docs page). */
    String markdown(String heading) {
        StringBuilder sb = new StringBuilder();
        sb.append(machine).append("\n\n");
        for (int size : rows.stream().map(r -> r.size).distinct().toList()) {
            sb.append(heading).append(' ').append(String.format(Locale.ROOT, "%,d", size)).append(" objects");
            if (context.containsKey(size)) {
                sb.append(" (").append(context.get(size)).append(')');
            }
            sb.append("\n\n| phase | plumbline | kubectl | kubectl ÷ plumbline | API calls plumbline / kubectl | CPU s plumbline / kubectl | memory MiB plumbline / kubectl |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                if (r.size != size) {
                    continue;
                }
                double p = median(r.plumbline.wall);
                double k = median(r.kubectl.wall);
                sb.append("| ").append(r.phase).append(r.note.isEmpty() ? "" : " — " + r.note)
                        .append(" | ").append(time(p, r.millis, r.plumbline.wall.size()))
                        .append(" | ").append(time(k, r.millis, r.kubectl.wall.size()))
                        .append(" | ").append(Double.isNaN(p) || Double.isNaN(k) ? "—" : String.format(Locale.ROOT, "%.1f×", k / p))
                        .append(" | ").append(pair(r.plumbline.calls, r.kubectl.calls, "%.0f"))
                        .append(" | ").append(pair(r.plumbline.cpu, r.kubectl.cpu, "%.2f"))
                        .append(" | ").append(mem(r))
                        .append(" |\n");
            }
            sb.append('\n');
        }
        if (!notes.isEmpty()) {
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String time(double seconds, boolean millis, int runs) {
        if (Double.isNaN(seconds)) {
            return "—";
        }
        String value = millis ? String.format(Locale.ROOT, "%.0f ms", seconds * 1000) : String.format(Locale.ROOT, "%.2f s", seconds);
        return runs > 1 ? value : value + " (1 run)";
    }

    private static String pair(List<Double> p, List<Double> k, String format) {
        return one(p, format) + " / " + one(k, format);
    }

    private static String one(List<Double> values, String format) {
        double m = median(values);
        return Double.isNaN(m) ? "—" : String.format(Locale.ROOT, format, m);
    }

    private static String mem(Row r) {
        String p = one(r.plumbline.mem, "%.0f");
        String k = one(r.kubectl.mem, "%.0f");
        if (!p.equals("—")) {
            p += " " + r.plumbline.memKind;
        }
        if (!k.equals("—")) {
            k += " " + r.kubectl.memKind;
        }
        return p + " / " + k;
    }

    String csv() {
        StringBuilder sb = new StringBuilder("size,phase,tool,run,wall_seconds,cpu_seconds,api_calls,memory_mib,memory_kind\n");
        for (Row r : rows) {
            side(sb, r, "plumbline", r.plumbline);
            side(sb, r, "kubectl", r.kubectl);
        }
        return sb.toString();
    }

    private static void side(StringBuilder sb, Row r, String tool, Side s) {
        for (int i = 0; i < s.wall.size(); i++) {
            sb.append(r.size).append(",\"").append(r.phase.replace("\"", "'")).append("\",").append(tool).append(',').append(i + 1)
                    .append(',').append(num(s.wall.get(i))).append(',').append(num(s.cpu.get(i))).append(',')
                    .append(num(s.calls.get(i))).append(',').append(num(s.mem.get(i))).append(',').append(s.memKind).append('\n');
        }
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
    }

    Object json() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", r.size);
            m.put("phase", r.phase);
            m.put("note", r.note);
            m.put("plumbline", side(r.plumbline));
            m.put("kubectl", side(r.kubectl));
            out.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("machine", machine);
        doc.put("context", context);
        doc.put("notes", notes);
        doc.put("rows", out);
        return doc;
    }

    private static Map<String, Object> side(Side s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallSeconds", s.wall);
        m.put("medianWallSeconds", nanToNull(median(s.wall)));
        m.put("cpuSeconds", s.cpu.stream().map(Results::nanToNull).toList());
        m.put("apiCalls", s.calls.stream().map(Results::nanToNull).toList());
        m.put("apiCallsByVerb", s.verbs);
        m.put("memoryMiB", s.mem.stream().map(Results::nanToNull).toList());
        m.put("memoryKind", s.memKind);
        return m;
    }

    private static Double nanToNull(Double d) {
        return d == null || Double.isNaN(d) ? null : d;
    }

    void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("results.md"), markdown());
            Files.writeString(dir.resolve("results.csv"), csv());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
