package dev.plumbline.start;

import dev.plumbline.testing.GitRepoFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code plumbline} launcher at the repository root as a real process, on the jar and start-up cache the package
 * step built (an IT: it needs {@code agent/target/plumbline.jar}, which exists from the package phase on). The java is
 * the one running this test ({@code JAVA_HOME}), which is the one the package step built the cache with.
 */
class LauncherIT {

    private static final Path ROOT = Path.of(System.getProperty("plumbline.repo.root", "..")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = ROOT.resolve("plumbline");
    private static final Path JAR = ROOT.resolve("agent/target/plumbline.jar");
    private static final String CACHE_SUFFIX = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
    // loaded by every command; not VersionProvider: it implements an interface of picocli, whose Java 5 class files JDK 17
    // leaves out of a dynamic archive (and every class that implements one of them)
    private static final String SAMPLE = "dev.plumbline.cli.PlumblineCommand";

    record Result(int exit, String out, String err) {
    }

    @Test
    void theLauncherPrintsTheVersionAndRendersAnEnvironmentAsJavaJarDoes(@TempDir Path dir) throws Exception {
        Path repo = repository(dir);
        String cache = dir.resolve("git-cache").toString();

        Result version = run(Map.of(), LAUNCHER.toString(), "--version");
        Result rendered = run(Map.of(), LAUNCHER.toString(), "render", "--repo", repo.toString(), "--env", "launch", "--cache-dir", cache);
        Result javaJar = run(Map.of(), java(), "-jar", JAR.toString(), "render", "--repo", repo.toString(), "--env", "launch",
                "--cache-dir", cache);

        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("plumbline \\S+\\R");
        assertThat(rendered.exit()).as(rendered.err()).isZero();
        assertThat(rendered.out()).contains("kind: ConfigMap", "name: launcher-settings", "kind: Service", "name: launcher-web");
        assertThat(rendered.err()).contains("plumbline render: launch at ").contains(": 2 objects");
        assertThat(javaJar.exit()).isZero();
        assertThat(javaJar.out()).isEqualTo(rendered.out());
    }

    @Test
    void thePackageStepBuiltTheStartCacheAndTheLauncherMapsClassesFromIt() throws Exception {
        Path cache = Path.of(JAR.toString().replaceAll("\\.jar$", CACHE_SUFFIX));
        assertThat(cache).isRegularFile();
        assertThat(Path.of(cache + ".id")).isRegularFile();

        Result cached = run(Map.of("PLUMBLINE_JAVA_OPTS", "-Xlog:class+load"), LAUNCHER.toString(), "--version");
        Result uncached = run(Map.of("PLUMBLINE_JAVA_OPTS", "-Xlog:class+load", "PLUMBLINE_START_CACHE", "off"),
                LAUNCHER.toString(), "--version");

        assertThat(cached.exit()).isZero();
        assertThat(loadLine(cached.out())).contains("source: shared objects file");
        assertThat(uncached.exit()).isZero();
        assertThat(loadLine(uncached.out())).contains("source: file:" + JAR);
    }

    @Test
    void aMissingOrForeignCacheIsLeftOutWithoutAWord(@TempDir Path dir) throws Exception {
        Path jar = Files.copy(JAR, dir.resolve("plumbline.jar"));
        Map<String, String> env = Map.of("PLUMBLINE_JAR", jar.toString(), "PLUMBLINE_JAVA_OPTS", "-Xlog:class+load");

        Result none = run(env, LAUNCHER.toString(), "--version");
        // the real cache and its .id, beside another jar: the .id names the jar it was built for
        Path real = Path.of(JAR.toString().replaceAll("\\.jar$", CACHE_SUFFIX));
        Files.copy(real, dir.resolve("plumbline" + CACHE_SUFFIX));
        Files.copy(Path.of(real + ".id"), dir.resolve("plumbline" + CACHE_SUFFIX + ".id"));
        Result foreign = run(env, LAUNCHER.toString(), "--version");
        // a truncated archive (an interrupted build; JDK 17 crashes mapping one) whose .id is not this java's
        Files.delete(dir.resolve("plumbline" + CACHE_SUFFIX));
        try (InputStream in = Files.newInputStream(real)) {
            Files.write(dir.resolve("plumbline" + CACHE_SUFFIX), in.readNBytes(100_000));
        }
        Files.writeString(dir.resolve("plumbline" + CACHE_SUFFIX + ".id"), "java=/elsewhere release=17\n");
        Result truncated = run(env, LAUNCHER.toString(), "--version");

        for (Result r : List.of(none, foreign, truncated)) {
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            assertThat(r.out()).contains("plumbline ");
            assertThat(loadLine(r.out())).contains("source: file:" + jar);
        }
    }

    /** The -Xlog:class+load line of the sample class. */
    private static String loadLine(String log) {
        return log.lines().filter(l -> l.contains(" " + SAMPLE + " source:")).findFirst().orElse("(" + SAMPLE + " not loaded)");
    }

    private static Path repository(Path dir) throws IOException {
        try (GitRepoFixture repo = new GitRepoFixture(dir.resolve("repo"))) {
            repo.write("environments/launch/plumbline.yaml", resource("plumbline.yaml"));
            repo.write("environments/launch/app.yaml", resource("app.yaml"));
            repo.commit("launcher fixture");
            return repo.dir();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LauncherIT.class.getResourceAsStream("/start/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Result run(Map<String, String> env, String... command) throws Exception {
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(Arrays.asList(command)))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().remove("PLUMBLINE_JAVA_OPTS");
            pb.environment().remove("PLUMBLINE_JAR");
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 180 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
