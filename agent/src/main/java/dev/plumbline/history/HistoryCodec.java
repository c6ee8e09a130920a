package dev.plumbline.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The stored formats (see package-info): history as gzip-compressed JSON, control state as plain JSON (small, and
 * worth reading with {@code kubectl get -o yaml}). Both carry a {@code formatVersion}, checked before their shape.
 */
final class HistoryCodec {

    static final int FORMAT_VERSION = 1;
    static final String HISTORY_KEY = "history.json.gz";
    static final String CONTROL_KEY = "control.json";
    static final String TRUNCATED = "… (truncated)";

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One environment's history, newest first; {@code lastId} survives truncation so ids are never reused. */
    record HistoryDoc(int formatVersion, String environment, long lastId, List<SyncRecord> records) {

        static HistoryDoc empty(String environment) {
            return new HistoryDoc(FORMAT_VERSION, environment, 0, List.of());
        }
    }

    record ControlDoc(int formatVersion, String environment, EnvironmentControl control) {
    }

    private HistoryCodec() {
    }

    /**
     * {@code history} with {@code record} in front under the next id, its message cut to {@code maxMessageChars}, and
     * only the newest {@code maxRecords} kept.
     */
    static HistoryDoc append(HistoryDoc history, SyncRecord record, int maxRecords, int maxMessageChars) {
        long id = history.lastId() + 1;
        SyncRecord stored = record.withId(id)
                .withMessage(truncate(record.message(), maxMessageChars))
                .withHealth(record.health(), truncate(record.healthMessage(), maxMessageChars));
        List<SyncRecord> records = new ArrayList<>(Math.min(maxRecords, history.records().size() + 1));
        records.add(stored);
        history.records().stream().limit(Math.max(0, maxRecords - 1)).forEach(records::add);
        return new HistoryDoc(FORMAT_VERSION, history.environment(), id, List.copyOf(records));
    }

    /** Long error texts (a render failure listing every file) must not push the object toward the 1 MiB limit. */
    static String truncate(String text, int maxChars) {
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars) + TRUNCATED;
    }

    static byte[] gzip(HistoryDoc doc) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            JSON.writeValue(gzip, doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    static HistoryDoc gunzip(byte[] stored) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            HistoryDoc doc = JSON.treeToValue(versioned(JSON.readTree(gzip)), HistoryDoc.class);
            if (doc.records() == null) {
                throw new IOException("records are missing");
            }
            return doc;
        }
    }

    static String json(ControlDoc doc) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ControlDoc control(String stored) throws IOException {
        ControlDoc doc = JSON.treeToValue(versioned(JSON.readTree(stored.getBytes(StandardCharsets.UTF_8))),
                ControlDoc.class);
        if (doc.control() == null) {
            throw new IOException("control is missing");
        }
        return doc;
    }

    /** Checks the version first, so a newer format is reported as such rather than as garbage. */
    private static JsonNode versioned(JsonNode tree) throws IOException {
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a JSON object");
        }
        int version = tree.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new IOException("formatVersion " + tree.path("formatVersion") + " is not supported (this Plumbline reads "
                    + FORMAT_VERSION + "; was it written by a newer one?)");
        }
        return tree;
    }
}
