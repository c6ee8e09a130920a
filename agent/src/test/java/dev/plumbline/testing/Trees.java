package dev.plumbline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File trees for tests: a fixture folder copied into the test's own directory, which the test then edits. */
public final class Trees {

    private Trees() {
    }

    /** Copies the tree {@code from} into {@code to} (created as needed, files must not exist yet); returns {@code to}. */
    public static Path copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + from + " to " + to + " failed: " + e.getMessage(), e);
        }
        return to;
    }
}
