package dev.plumbline.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives coarse progress lines for long work ("cloning … into cache", "fetching …", "cache … corrupt, re-cloning",
 * periodic transfer progress). Lines never contain credentials.
 */
@FunctionalInterface
public interface SourceListener {

    void progress(String line);

    /** The default: INFO lines on the {@code dev.plumbline.source} logger. */
    static SourceListener logging() {
        Logger log = LoggerFactory.getLogger("dev.plumbline.source");
        return log::info;
    }
}
