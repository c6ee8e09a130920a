package dev.plumbline.cli;

import dev.plumbline.render.AliasBomb;
import dev.plumbline.testing.GitRepoFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 case 5 as a user meets it: the real jar in a 256 MiB heap renders a small commit of alias bombs spread over
 * many files. Before the render-wide budgets it died with OutOfMemoryError; now it stops with exit 2 and an error
 * naming the limit and the file that crossed it. A commit just under every limit still renders in that heap. And
 * case 6: a byte that is not UTF-8 is an error at its line, not a silent U+FFFD.
 */
class RenderBudgetJarIT {

    private static final Path JAR = Path.of(System.getProperty("plumbline.repo.root", "..")).resolve("agent/target/plumbline.jar");

    @TempDir
    Path tmp;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run render(Path repo, String env) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString(), "render", "--repo", repo.toString(),
                "--env", env));
        Path out = tmp.resolve(env + ".out");
        Path err = tmp.resolve(env + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("render did not end: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void sixtyAliasBombsUnderOneMebibyteAreAnErrorNamingTheLimitNotAnOutOfMemoryError() throws Exception {
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
        // each file ~3.5 million values: under the 5,000,000 per-document limit the reader had before budgets
        long bytes = AliasBomb.write(repo.dir(), "dev", 60, 5, 3);
        assertThat(AliasBomb.values(5, 3)).isBetween(3_000_000L, 5_000_000L);
        assertThat(bytes).isLessThan(1024 * 1024);
        repo.commit("60 alias bombs");

        Run run = render(repo.dir(), "dev");

        assertThat(run.stderr()).doesNotContain("OutOfMemoryError");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("environments/dev/bomb-00.yaml:5: render budget exceeded: more than 1000000 "
                + "YAML values (after alias expansion) in one render (limit plumbline.render.max-values)");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aCommitJustUnderTheValueLimitStillRendersInTheSameHeap() throws Exception {
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
        // 4 files of ~235,000 values each (~940,000 together): every value allowed, all of them held at once
        AliasBomb.write(repo.dir(), "dev", 4, 4, 1);
        assertThat(4 * AliasBomb.values(4, 1)).isBetween(900_000L, 1_000_000L);
        repo.write("environments/dev/plumbline.yaml", "namespace: budget\n").commit("just under");

        Run run = render(repo.dir(), "dev");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stderr()).doesNotContain("OutOfMemoryError").contains("4 objects");
        assertThat(run.stdout()).contains("name: bomb-03");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorAtTheirLineWithExitCode2NotAReplacementCharacter() throws Exception {
        GitRepoFixture repo = new GitRepoFixture(tmp.resolve("repo"));
        repo.write("environments/dev/plumbline.yaml", "namespace: shop\n");
        byte[] latin1 = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: menu\ndata:\n  drink: caf\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1); // \u00e9 is the single byte 0xE9 here
        Files.write(repo.dir().resolve("environments/dev/menu.yaml"), latin1);
        repo.commit("a Latin-1 file");

        Run run = render(repo.dir(), "dev");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("environments/dev/menu.yaml:6: invalid UTF-8: byte 0xE9 at column 13 is not "
                + "valid UTF-8 (manifests must be UTF-8, as kubectl requires)");
        assertThat(run.stdout()).doesNotContain("caf\uFFFD").doesNotContain("drink");
    }
}
