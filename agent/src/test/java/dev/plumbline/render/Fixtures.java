package dev.plumbline.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test fixtures under {@code src/test/resources/render/} (read from the source tree, so kubectl can use them too). */
final class Fixtures {

    static final Path ROOT = Path.of("src/test/resources/render");

    private Fixtures() {
    }

    static Path dir(String name) {
        return ROOT.resolve(name);
    }

    /** Names of the sub-directories of a fixture folder, sorted. */
    static List<String> cases(String folder) {
        try (Stream<Path> s = Files.list(dir(folder))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names (without extension) of the files with {@code extension} in a fixture folder, sorted. */
    static List<String> files(String folder, String extension) {
        try (Stream<Path> s = Files.list(dir(folder))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(extension))
                    .map(n -> n.substring(0, n.length() - extension.length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
