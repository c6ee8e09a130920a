package dev.plumbline.sync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a sync did to one object. JSON (and the CLI) spell it in lower case: {@code created}, {@code pruning}, ... */
public enum Action {
    /** The object did not exist and was applied. */
    CREATED,
    /** The object existed and the apply changed it. */
    CONFIGURED,
    /** The object was already as Git wants it: not applied, no API call. */
    UNCHANGED,
    /** The object left Git and its deletion is confirmed; it left the inventory. */
    PRUNED,
    /** The object left Git and is being deleted ({@code deletionTimestamp} set); it stays in the inventory until gone. */
    PRUNING,
    /** Deliberately left alone (conflict, prune guard, earlier wave failed, ...); the reason says why. */
    SKIPPED,
    /** The API server refused (422, 403, 409, ...); the reason is its message. */
    FAILED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Action of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
