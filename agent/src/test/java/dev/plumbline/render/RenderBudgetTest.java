package dev.plumbline.render;

import dev.plumbline.resource.DirectoryTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Budgets count across every document and file of one render; a crossed limit names itself and the file. */
class RenderBudgetTest {

    private final Renderer renderer = new Renderer();

    private RenderException render(Path repo, RenderBudget budget) {
        return catchThrowableOfType(RenderException.class, () -> renderer.render(new DirectoryTree(repo), "dev",
                RenderOptions.defaults().withDefaultNamespace("d").withBudget(budget)));
    }

    @Test
    void aliasBombsSpreadOverFilesCrossTheRenderWideValueLimitInTheFileThatCrossesIt(@TempDir Path repo) throws Exception {
        // 60 files of ~680,000 values each: every file alone is under 1,000,000, two are not
        long bytes = AliasBomb.write(repo, "dev", 60, 4, 5);
        assertThat(AliasBomb.values(4, 5)).isBetween(600_000L, 700_000L);
        assertThat(bytes).isLessThan(60 * 1024);

        RenderException e = render(repo, RenderBudget.defaults().withMaxValues(1_000_000));

        assertThat(e).isNotNull();
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).toString()).startsWith("environments/dev/bomb-01.yaml:")
                .contains("render budget exceeded: more than 1000000 YAML values (after alias expansion) in one render")
                .contains("plumbline.render.max-values");
    }

    @Test
    void oneFileUnderTheLimitRendersAndIsCountedExactly(@TempDir Path repo) throws Exception {
        AliasBomb.write(repo, "dev", 1, 2, 3);
        long values = AliasBomb.values(2, 3);

        assertThat(render(repo, RenderBudget.defaults().withMaxValues(values - 1))).as("one value short").isNotNull();
        RenderException fits = catchThrowableOfType(RenderException.class, () -> renderer.render(new DirectoryTree(repo),
                "dev", RenderOptions.defaults().withDefaultNamespace("d")
                        .withBudget(RenderBudget.defaults().withMaxValues(values))));
        assertThat(fits).as("exactly at the limit").isNull();
    }

    @Test
    void aLongStringAliasedManyTimesCrossesTheTextLimit(@TempDir Path repo) throws Exception {
        Path env = Files.createDirectories(repo.resolve("environments/dev"));
        Files.writeString(env.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
                + "x: &x \"" + "y".repeat(10_000) + "\"\nlist: [" + "*x, ".repeat(99) + "*x]\n");

        RenderException e = render(repo, RenderBudget.defaults().withMaxText(500_000));

        assertThat(e.errors().get(0).toString()).startsWith("environments/dev/cm.yaml:5: render budget exceeded: more "
                + "than 500000 characters of YAML scalars").contains("plumbline.render.max-text");
    }

    @Test
    void bytesAreCountedAcrossFilesBeforeEachIsLoaded(@TempDir Path repo) throws Exception {
        Path env = Files.createDirectories(repo.resolve("environments/dev"));
        for (int i = 0; i < 5; i++) {
            Files.writeString(env.resolve("cm-" + i + ".yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-"
                    + i + "\ndata:\n  v: \"" + "x".repeat(1000) + "\"\n");
        }

        RenderException e = render(repo, RenderBudget.defaults().withMaxBytes(3_500));

        assertThat(e.errors()).extracting(RenderProblem::toString).containsExactly("environments/dev/cm-3.yaml: render "
                + "budget exceeded: reading this file (1068 bytes) brings the render to 4272 bytes read, more than the "
                + "limit of 3500 (limit plumbline.render.max-bytes); this file crossed it");
    }

    @Test
    void objectsAreCountedAcrossFiles(@TempDir Path repo) throws Exception {
        Path env = Files.createDirectories(repo.resolve("environments/dev"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(env.resolve("cm-" + i + ".yaml"), ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-"
                    + i + "-%d\n---\n").formatted(1) + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-" + i + "-2\n");
        }

        RenderException e = render(repo, RenderBudget.defaults().withMaxObjects(5));

        assertThat(e.errors()).extracting(RenderProblem::toString).containsExactly("environments/dev/cm-2.yaml:6: render "
                + "budget exceeded: more than 5 objects in one render (limit plumbline.render.max-objects); this file "
                + "crossed it");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorAtTheirLine(@TempDir Path repo) throws Exception {
        Path env = Files.createDirectories(repo.resolve("environments/dev"));
        Files.write(env.resolve("cm.yaml"), concat("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n"
                + "  ok: \"caf\u00e9\"\n  bad: \"caf", new byte[]{(byte) 0xe9}, "\"\n"));

        RenderException e = render(repo, RenderBudget.defaults());

        assertThat(e.errors()).extracting(RenderProblem::toString).containsExactly("environments/dev/cm.yaml:7: invalid "
                + "UTF-8: byte 0xE9 at column 12 is not valid UTF-8 (manifests must be UTF-8, as kubectl requires)");
    }

    @Test
    void aTruncatedMultiByteSequenceAtTheEndIsAnErrorToo() {
        Problems problems = new Problems();
        byte[] text = concat("a: b\nc: \"", new byte[]{(byte) 0xe2, (byte) 0x82}, "");
        assertThat(Utf8.decode("f.yaml", text, problems)).isNull();
        assertThat(problems.errors()).extracting(RenderProblem::toString)
                .containsExactly("f.yaml:2: invalid UTF-8: byte 0xE2 at column 5 is not valid UTF-8 (manifests must be "
                        + "UTF-8, as kubectl requires)");
        assertThat(Utf8.decode("f.yaml", "a: caf\u00e9 \u20ac\n".getBytes(StandardCharsets.UTF_8), problems))
                .isEqualTo("a: caf\u00e9 \u20ac\n");
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8);
        byte[] c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(middle, 0, out, a.length, middle.length);
        System.arraycopy(c, 0, out, a.length + middle.length, c.length);
        return out;
    }
}
