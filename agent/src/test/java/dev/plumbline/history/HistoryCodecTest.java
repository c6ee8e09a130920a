package dev.plumbline.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {

    static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    static SyncRecord record(String revision) {
        return SyncRecord.of("production", revision, Trigger.SELF_HEAL, START, START.plusSeconds(12), SyncResult.SUCCEEDED,
                        Map.of("created", 3, "configured", 1, "unchanged", 10, "pruned", 0, "failed", 0))
                .withRevisionSubject("Bump orders-api to 1.3")
                .withHealth("Progressing", "Deployment/shop/orders-api: 1 of 3 updated replicas are available");
    }

    @Test
    void aRecordRoundTripsThroughTheStoredFormatWithReadableWords() throws IOException {
        HistoryCodec.HistoryDoc doc = HistoryCodec.append(HistoryCodec.HistoryDoc.empty("production"),
                record("4f2a9c1").withMessage("guard: 6 prunes need confirmPrune").withDryRun(true), 50, 4096);

        assertThat(HistoryCodec.gunzip(HistoryCodec.gzip(doc))).isEqualTo(doc);
        JsonNode json = HistoryCodec.JSON.valueToTree(doc.records().get(0));
        assertThat(json.get("id").asLong()).isEqualTo(1);
        assertThat(json.get("trigger").asText()).isEqualTo("selfHeal");
        assertThat(json.get("result").asText()).isEqualTo("succeeded");
        assertThat(json.get("startedAt").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(json.get("finishedAt").asText()).isEqualTo("2024-05-01T10:00:12Z");
        assertThat(json.get("summary").get("created").asInt()).isEqualTo(3);
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(Trigger.of("webhook")).isEqualTo(Trigger.WEBHOOK);
        assertThat(SyncResult.of("guarded")).isEqualTo(SyncResult.GUARDED);
    }

    @Test
    void keepsTheNewestFiftyAndNeverReusesAnId() {
        HistoryCodec.HistoryDoc doc = HistoryCodec.HistoryDoc.empty("production");
        for (int i = 1; i <= 60; i++) {
            doc = HistoryCodec.append(doc, record("rev-" + i), 50, 4096);
        }

        assertThat(doc.records()).hasSize(50);
        assertThat(doc.records().get(0).id()).isEqualTo(60);
        assertThat(doc.records().get(0).revision()).isEqualTo("rev-60");
        assertThat(doc.records().get(49).revision()).isEqualTo("rev-11");
        assertThat(doc.lastId()).isEqualTo(60);
        assertThat(HistoryCodec.gzip(doc).length).as("compressed bytes").isLessThan(8 * 1024);
    }

    @Test
    void cutsLongMessages() {
        HistoryCodec.HistoryDoc doc = HistoryCodec.append(HistoryCodec.HistoryDoc.empty("production"),
                record("a").withMessage("x".repeat(10_000)), 50, 100);

        assertThat(doc.records().get(0).message()).hasSize(100 + HistoryCodec.TRUNCATED.length())
                .endsWith(HistoryCodec.TRUNCATED);
    }

    @Test
    void aNewerFormatIsReportedAsSuch() {
        assertThatThrownBy(() -> HistoryCodec.gunzip(gzip("{\"formatVersion\":2,\"records\":[]}")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("formatVersion 2 is not supported");
        assertThatThrownBy(() -> HistoryCodec.gunzip(gzip("{\"formatVersion\":1,\"environment\":\"production\"}")))
                .hasMessage("records are missing");
        assertThatThrownBy(() -> HistoryCodec.gunzip(gzip(
                "{\"formatVersion\":1,\"environment\":\"production\",\"records\":[{\"trigger\":\"bogus\"}]}")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void controlStateRoundTripsAsPlainJson() throws IOException {
        EnvironmentControl control = EnvironmentControl.empty().withPinnedRevision("4f2a9c1")
                .withUpdatedAt(START);
        String json = HistoryCodec.json(new HistoryCodec.ControlDoc(1, "production", control));

        assertThat(json).contains("\"pinnedRevision\" : \"4f2a9c1\"").contains("\"updatedAt\" : \"2024-05-01T10:00:00Z\"")
                .doesNotContain("approvedRevision").doesNotContain("\"pinned\"");
        assertThat(HistoryCodec.control(json).control()).isEqualTo(control);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
