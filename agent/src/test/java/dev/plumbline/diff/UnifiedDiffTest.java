package dev.plumbline.diff;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "l" + i).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void equalTextsGiveNothing() {
        assertThat(UnifiedDiff.diff("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void oneChangedLineWithThreeLinesOfContext() {
        String from = lines(1, 10);
        String to = from.replace("l5\n", "L5\n");
        assertThat(UnifiedDiff.diff("live/x", from, "desired/x", to)).isEqualTo("""
                --- live/x
                +++ desired/x
                @@ -2,7 +2,7 @@
                 l2
                 l3
                 l4
                -l5
                +L5
                 l6
                 l7
                 l8
                """);
    }

    @Test
    void distantChangesMakeTwoHunksCloseOnesOne() {
        String from = lines(1, 20);
        String to = from.replace("l2\n", "").replace("l18\n", "l18\nnew\n");
        assertThat(UnifiedDiff.diff("a", from, "b", to)).isEqualTo("""
                --- a
                +++ b
                @@ -1,5 +1,4 @@
                 l1
                -l2
                 l3
                 l4
                 l5
                @@ -16,5 +15,6 @@
                 l16
                 l17
                 l18
                +new
                 l19
                 l20
                """);
        String near = from.replace("l5\n", "X\n").replace("l11\n", "Y\n");
        assertThat(UnifiedDiff.diff("a", from, "b", near)).contains("@@ -2,13 +2,13 @@").containsOnlyOnce("@@ -");
    }

    @Test
    void emptySideUsesGnuRanges() {
        assertThat(UnifiedDiff.diff("a", "", "b", "x\ny\n")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        assertThat(UnifiedDiff.diff("a", "x\n", "b", "")).isEqualTo("--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n");
    }

    @Test
    void objectsPrintInServerOrder() {
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("kind", "Deployment");
        live.put("spec", new LinkedHashMap<>(Map.of("replicas", 5)));
        Map<String, Object> desired = new LinkedHashMap<>(live);
        desired.put("spec", new LinkedHashMap<>(Map.of("replicas", 2)));
        DriftEntry entry = new DriftEntry("apps/v1", "Deployment", "shop", "api", Verdict.Modified, List.of(),
                List.of(), null);
        assertThat(UnifiedDiff.of(new DiffResult(entry, desired, live))).isEqualTo("""
                --- live/apps.v1.Deployment.shop.api
                +++ desired/apps.v1.Deployment.shop.api
                @@ -1,3 +1,3 @@
                 kind: Deployment
                 spec:
                -  replicas: 5
                +  replicas: 2
                """);
        assertThat(UnifiedDiff.of(new DiffResult(entry, null, null))).isEmpty();
    }

    @Test
    void lineScriptIsMinimal() {
        List<LineDiff.Line> script = LineDiff.diff(List.of("a", "b", "c", "a", "b", "b", "a"),
                List.of("c", "b", "a", "b", "a", "c"));
        long edits = script.stream().filter(l -> l.op() != LineDiff.Op.EQUAL).count();
        assertThat(edits).isEqualTo(5); // the example of Myers' paper: D = 5
        assertThat(script.stream().filter(l -> l.op() != LineDiff.Op.INSERT).map(LineDiff.Line::text).toList())
                .containsExactly("a", "b", "c", "a", "b", "b", "a");
        assertThat(script.stream().filter(l -> l.op() != LineDiff.Op.DELETE).map(LineDiff.Line::text).toList())
                .containsExactly("c", "b", "a", "b", "a", "c");
    }
}
