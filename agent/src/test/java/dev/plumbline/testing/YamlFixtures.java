package dev.plumbline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Manifests kept as YAML files under {@code src/test/resources/<package>/} (DESIGN, Style 9) rather than as text
 * blocks in the tests: {@code text("sync/two-waves-desired.yaml")}. Placeholders such as {@code NS} are the caller's
 * to replace, as they were in the text blocks.
 */
public final class YamlFixtures {

    private YamlFixtures() {
    }

    /** The text of the class-path resource {@code /<path>}; a missing one fails the test naming it. */
    public static String text(String path) {
        try (InputStream in = YamlFixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("fixture /" + path + " read failed: not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture /" + path + " read failed: " + e.getMessage(), e);
        }
    }
}
