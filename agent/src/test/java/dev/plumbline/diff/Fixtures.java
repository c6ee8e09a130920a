package dev.plumbline.diff;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fixture files under {@code src/test/resources/diff/}. */
final class Fixtures {

    private Fixtures() {
    }

    static <T> T load(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/diff/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /diff/" + file);
            }
            return new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> object(String file) {
        return load(file);
    }

    /** Case names: every {@code <case>-expected.yaml}. */
    static Stream<String> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(Fixtures.class.getResource("/diff").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("-expected.yaml"))
                    .map(n -> n.substring(0, n.length() - "-expected.yaml".length()))
                    .sorted().toList();
            return names.stream();
        }
    }
}
