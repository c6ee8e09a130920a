package dev.plumbline.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads credential files. Errors name the option and the file, never the content. */
final class Secrets {

    private Secrets() {
    }

    /** The file's content without surrounding whitespace (Secrets created with {@code echo} end in a newline). */
    static String read(Path file, String option) {
        String value;
        try {
            value = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SourceException(SourceException.Reason.INVALID_CONFIG,
                    option + " " + file + " read failed: " + describe(e));
        }
        if (value.isEmpty()) {
            throw new SourceException(SourceException.Reason.INVALID_CONFIG, option + " " + file + " read failed: the file is empty");
        }
        return value;
    }

    /** Fails like {@link #read} when a file that is needed later (key, known_hosts, CA bundle) is not readable. */
    static void requireReadable(Path file, String option) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SourceException(SourceException.Reason.INVALID_CONFIG,
                    option + " " + file + " read failed: " + (Files.exists(file) ? "not a readable file" : "no such file"));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
