package dev.plumbline.engine;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering docs/architecture.md describes, read from the sources the way its grep reads them (imports, fully
 * qualified names and javadoc links to {@code dev.plumbline.<package>.<Type>}): the engine below sync and reconcile,
 * kube at the bottom, diff without a client, and no cycle anywhere.
 */
class LayeringTest {

    private static final Path ROOT = Path.of("src/main/java/dev/plumbline");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.plumbline\\.([a-z]+)\\.[A-Z]");

    private static final Map<String, Set<String>> USES = uses();

    @Test
    void kubeIsTheBottomFloor() {
        assertThat(USES.get("kube")).isSubsetOf("resource");
    }

    @Test
    void theEngineKnowsNothingOfWhoCallsIt() {
        assertThat(USES.get("engine")).doesNotContain("sync", "reconcile", "api", "cli", "schedule");
        assertThat(USES.get("sync")).doesNotContain("reconcile");
    }

    @Test
    void diffComparesWhatItIsGivenAndCallsNobody() throws IOException {
        assertThat(USES.get("diff")).doesNotContain("engine", "sync", "reconcile", "live");
        try (Stream<Path> files = Files.list(ROOT.resolve("diff"))) {
            assertThat(files.filter(f -> read(f).contains("io.fabric8.kubernetes.client.")).toList()).isEmpty();
        }
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        for (String start : USES.keySet()) {
            assertThat(reachable(start)).as("packages reachable from " + start).doesNotContain(start);
        }
    }

    private static Set<String> reachable(String start) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new java.util.ArrayList<>(USES.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(USES.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /** Package → the other {@code dev.plumbline} packages its sources name. */
    private static Map<String, Set<String>> uses() {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(f -> f.toString().endsWith(".java") && f.getParent() != null && !f.getParent().equals(ROOT))
                    .forEach(f -> {
                        String pkg = ROOT.relativize(f).getName(0).toString();
                        Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                        Matcher m = REFERENCE.matcher(read(f));
                        while (m.find()) {
                            if (!m.group(1).equals(pkg)) {
                                used.add(m.group(1));
                            }
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(uses).containsKeys("kube", "diff", "engine", "sync", "reconcile");
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
