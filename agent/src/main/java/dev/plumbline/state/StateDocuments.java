package dev.plumbline.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The encoding the state objects share: a JSON document, gzip-compressed for {@code binaryData}, carrying a
 * {@code formatVersion} that is checked before the document's shape. Each store keeps its own {@link ObjectMapper}
 * (the history writes dates, the inventory does not) and its own format version.
 */
public final class StateDocuments {

    private StateDocuments() {
    }

    /** {@code document} as JSON, gzip-compressed. */
    public static byte[] gzipJson(ObjectMapper json, Object document) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            json.writeValue(gzip, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    /** The JSON tree of gzip-compressed {@code stored}; bad gzip or bad JSON is an {@link IOException}. */
    public static JsonNode gunzipTree(ObjectMapper json, byte[] stored) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(stored))) {
            return json.readTree(gzip);
        }
    }

    /** {@code tree} if it is an object of {@code formatVersion}: a newer format is reported as such, not as garbage. */
    public static JsonNode versioned(JsonNode tree, int formatVersion) throws IOException {
        if (tree == null || !tree.isObject()) {
            throw new IOException("not a JSON object");
        }
        int version = tree.path("formatVersion").asInt(-1);
        if (version != formatVersion) {
            throw new IOException("formatVersion " + tree.path("formatVersion") + " is not supported (this Plumbline reads "
                    + formatVersion + "; was it written by a newer one?)");
        }
        return tree;
    }
}
