package dev.plumbline.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.plumbline.state.StateDocuments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * One environment's history, newest first; {@code lastId} survives compaction so ids are never reused, and
     * {@code baselineRevision} (absent in documents written before it existed) keeps what the dropped records knew.
     */
    record HistoryDoc(int formatVersion, String environment, long lastId, String baselineRevision,
                      List<SyncRecord> records) {

        static HistoryDoc empty(String environment) {
            return new HistoryDoc(FORMAT_VERSION, environment, 0, null, List.of());
        }

        SyncHistory history() {
            return new SyncHistory(environment, records, baselineRevision);
        }

        /** Without the oldest {@code n} records; the baseline moves past them. */
        HistoryDoc dropOldest(int n) {
            if (n <= 0) {
                return this;
            }
            int keep = Math.max(0, records.size() - n);
            String baseline = Deployments.revisionAfter(baselineRevision, records.subList(keep, records.size()));
            return new HistoryDoc(FORMAT_VERSION, environment, lastId, baseline, List.copyOf(records.subList(0, keep)));
        }
    }

    /** A document and its stored bytes. */
    record Encoded(HistoryDoc doc, byte[] gzip) {
    }

    record ControlDoc(int formatVersion, String environment, EnvironmentControl control) {
    }

    private HistoryCodec() {
    }

    /**
     * {@code history} with {@code record} in front under the next id, its texts cut to
     * {@link HistoryStore.Options#maxMessageChars()}; records past the newest
     * {@link HistoryStore.Options#detailedRecords()} keep only {@link HistoryStore.Options#compactMessageChars()} of
     * theirs; only the newest {@link HistoryStore.Options#maxRecords()} are kept.
     */
    static HistoryDoc append(HistoryDoc history, SyncRecord record, HistoryStore.Options options) {
        long id = history.lastId() + 1;
        List<SyncRecord> records = new ArrayList<>(Math.min(options.maxRecords(), history.records().size() + 1));
        records.add(cut(record.withId(id), options.maxMessageChars()));
        for (SyncRecord older : history.records()) {
            records.add(records.size() < options.detailedRecords() ? older : cut(older, options.compactMessageChars()));
        }
        HistoryDoc all = new HistoryDoc(FORMAT_VERSION, history.environment(), id, history.baselineRevision(),
                List.copyOf(records));
        return all.dropOldest(records.size() - options.maxRecords());
    }

    /**
     * The gzip of {@code doc}; should it exceed {@code maxBytes} (only pathological texts get there: see
     * package-info), the oldest records are dropped, a tenth at a time, until it fits.
     */
    static Encoded encode(HistoryDoc doc, int maxBytes) {
        byte[] bytes = gzip(doc);
        while (bytes.length > maxBytes && !doc.records().isEmpty()) {
            doc = doc.dropOldest(Math.max(1, doc.records().size() / 10));
            bytes = gzip(doc);
        }
        return new Encoded(doc, bytes);
    }

    static SyncRecord cut(SyncRecord r, int maxChars) {
        return r.withRevisionSubject(truncate(r.revisionSubject(), maxChars))
                .withMessage(truncate(r.message(), maxChars))
                .withHealth(r.health(), truncate(r.healthMessage(), maxChars));
    }

    /** Long error texts (a render failure listing every file) must not push the object toward the 1 MiB limit. */
    static String truncate(String text, int maxChars) {
        // idempotent: a text already cut to maxChars is cut to the same text again
        return text == null || text.length() <= maxChars ? text : text.substring(0, maxChars) + TRUNCATED;
    }

    static byte[] gzip(HistoryDoc doc) {
        return StateDocuments.gzipJson(JSON, doc);
    }

    static HistoryDoc gunzip(byte[] stored) throws IOException {
        HistoryDoc doc = JSON.treeToValue(versioned(StateDocuments.gunzipTree(JSON, stored)), HistoryDoc.class);
        if (doc.records() == null) {
            throw new IOException("records are missing");
        }
        return doc;
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
        return StateDocuments.versioned(tree, FORMAT_VERSION);
    }
}
