package dev.plumbline.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the fault-injection suite survived: one row per case (name, fault injected, survived, objects lost). Static and
 * thread-safe; {@link FaultLedgerExtension} fills it for {@link Fault}-annotated tests and prints the summary when the
 * test JVM's run ends.
 *
 * <p>Failsafe runs the suite in two JVMs (the API-server-stopping {@code *DisruptiveIT} classes in their own), so each
 * JVM writes its rows to {@code target/faults/runs/<build>/<class>.tsv} and the summary merges every row of the same
 * build ({@code plumbline.build.id}, set by the pom to the Maven build's timestamp): the JVM that finishes last
 * prints the whole suite's summary and leaves it in {@code target/faults/summary.md}.
 */
public final class FaultLedger {

    /** One case. {@code objectsLost} is -1 when the case failed before it could count. */
    public record Case(String testClass, String name, String fault, boolean survived, int objectsLost, int attempts) {

        public Case(String testClass, String name, String fault, boolean survived, int objectsLost) {
            this(testClass, name, fault, survived, objectsLost, 1);
        }

        String tsv() {
            return String.join("\t", testClass, name, clean(fault), String.valueOf(survived), String.valueOf(objectsLost),
                    String.valueOf(attempts));
        }

        static Case parse(String line) {
            String[] f = line.split("\t", -1);
            return new Case(f[0], f[1], f[2], Boolean.parseBoolean(f[3]), Integer.parseInt(f[4]),
                    f.length > 5 ? Integer.parseInt(f[5]) : 1);
        }

        boolean sameCase(Case other) {
            return testClass.equals(other.testClass) && name.equals(other.name);
        }

        private static String clean(String s) {
            return s.replace('\t', ' ').replace('\n', ' ');
        }
    }

    private static final List<Case> CASES = new ArrayList<>();
    private static final ThreadLocal<int[]> LOST = new ThreadLocal<>();
    static final Path DIR = Path.of("target", "faults");

    private FaultLedger() {
    }

    /**
     * Records a case's outcome. A case run again (Failsafe re-runs a failed test once) replaces its earlier row and
     * counts the attempt, so the summary shows the last outcome and that it needed a re-run.
     */
    public static synchronized void record(String testClass, String name, String fault, boolean survived, int objectsLost) {
        merge(CASES, new Case(testClass, name, fault, survived, objectsLost));
    }

    /** Adds {@code next} to {@code cases}, replacing an earlier attempt of the same case and counting attempts. */
    static void merge(List<Case> cases, Case next) {
        int attempts = 1;
        for (java.util.Iterator<Case> it = cases.iterator(); it.hasNext(); ) {
            Case earlier = it.next();
            if (earlier.sameCase(next)) {
                attempts = earlier.attempts() + 1;
                it.remove();
            }
        }
        cases.add(new Case(next.testClass(), next.name(), next.fault(), next.survived(), next.objectsLost(), attempts));
    }

    public static synchronized List<Case> cases() {
        return List.copyOf(CASES);
    }

    /** Called by a running case (on the test thread): adds to the objects it lost; the extension records the total. */
    public static void objectsLost(int n) {
        int[] counter = LOST.get();
        if (counter != null) {
            counter[0] += n;
        }
    }

    static void open() {
        LOST.set(new int[] {0});
    }

    static int close() {
        int[] counter = LOST.get();
        LOST.remove();
        return counter == null ? 0 : counter[0];
    }

    /** {@code Fault-injection summary: N cases, N faults survived, objects lost = 0} and a Markdown table. */
    public static String summary(List<Case> cases) {
        long survived = cases.stream().filter(Case::survived).count();
        long lost = cases.stream().mapToLong(c -> Math.max(0, c.objectsLost())).sum();
        long uncounted = cases.stream().filter(c -> c.objectsLost() < 0).count();
        long rerun = cases.stream().filter(c -> c.survived() && c.attempts() > 1).count();
        StringBuilder out = new StringBuilder("Fault-injection summary: ").append(cases.size()).append(" cases, ")
                .append(survived).append(" faults survived, objects lost = ").append(lost)
                .append(uncounted == 0 ? "" : " (" + uncounted + " cases failed before counting)")
                .append(rerun == 0 ? "" : " (" + rerun + " passed only when run again)").append("\n\n")
                .append("| case | fault | survived | objects lost |\n|---|---|---|---|\n");
        cases.stream().sorted(Comparator.comparing(Case::testClass).thenComparing(Case::name)).forEach(c ->
                out.append("| ").append(c.testClass()).append(" · ").append(c.name()).append(" | ").append(c.fault())
                        .append(" | ").append(c.survived() ? "yes" : "**NO**")
                        .append(c.attempts() > 1 ? " (attempt " + c.attempts() + ")" : "").append(" | ")
                        .append(c.objectsLost() < 0 ? "?" : String.valueOf(c.objectsLost())).append(" |\n"));
        return out.toString();
    }

    /**
     * Writes this JVM's rows per class, merges every row of this build, writes {@code summary.md}, and returns the
     * merged summary; null when this JVM recorded nothing (a unit-test run).
     */
    static synchronized String publish() {
        if (CASES.isEmpty()) {
            return null;
        }
        String build = System.getProperty("plumbline.build.id", "local").replaceAll("[^A-Za-z0-9._-]", "_");
        Path runs = DIR.resolve("runs");
        Path dir = runs.resolve(build);
        try {
            Files.createDirectories(dir);
            deleteOtherBuilds(runs, dir);
            CASES.stream().map(Case::testClass).distinct().forEach(cls -> write(dir.resolve(cls + ".tsv"),
                    CASES.stream().filter(c -> c.testClass().equals(cls)).map(Case::tsv).toList()));
            List<Case> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                    Files.readAllLines(f).stream().filter(l -> !l.isBlank()).map(Case::parse).forEach(all::add);
                }
            }
            String summary = summary(all);
            Files.writeString(DIR.resolve("summary.md"), "# Fault-injection suite\n\n" + summary, StandardCharsets.UTF_8);
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("fault summary in " + DIR.toAbsolutePath() + " write failed", e);
        }
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of earlier builds never mix into this one's summary. */
    private static void deleteOtherBuilds(Path runs, Path current) throws IOException {
        try (Stream<Path> builds = Files.list(runs)) {
            for (Path other : builds.filter(p -> !p.equals(current)).toList()) {
                try (Stream<Path> files = Files.list(other)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(other);
            }
        }
    }
}
