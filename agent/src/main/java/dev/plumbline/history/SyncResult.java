package dev.plumbline.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** How a sync ended; in JSON the lower-case word. */
public enum SyncResult {
    /** every object applied or pruned as planned */
    SUCCEEDED("succeeded"),
    /** an object failed, or the fetch, render or health wait did */
    FAILED("failed"),
    /** a safety guard (prune limits, empty render) stopped it before anything was pruned */
    GUARDED("guarded");

    private final String word;

    SyncResult(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static SyncResult of(String word) {
        return Arrays.stream(values()).filter(r -> r.word.equals(word)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown result " + word));
    }
}
