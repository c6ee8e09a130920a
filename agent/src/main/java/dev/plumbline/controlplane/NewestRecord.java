package dev.plumbline.controlplane;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code scripts/provision-envtest.sh newest} resolved {@code newest} to, in {@code <cacheRoot>/newest}: the
 * version on the first line, and {@code fallback: <reason>} on the second when this machine could not build the
 * newest release (no recent Go) and the script fell back to the oldest. Tests use the reason to fail loudly instead of
 * silently testing an older server than asked for.
 *
 * @param version  the exact release, e.g. {@code 1.37.2}
 * @param fallback why the newest was not built, or {@code null}
 */
public record NewestRecord(String version, String fallback) {

    public static final String FILE = "newest";

    public static Optional<NewestRecord> read(Path cacheRoot) {
        Path file = cacheRoot.resolve(FILE);
        try {
            List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            String fallback = lines.stream().skip(1).filter(l -> l.startsWith("fallback:"))
                    .map(l -> l.substring("fallback:".length()).trim()).findFirst().orElse(null);
            return Optional.of(new NewestRecord(lines.get(0).trim(), fallback));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
