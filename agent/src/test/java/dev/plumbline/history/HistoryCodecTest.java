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
    static final HistoryStore.Options FIFTY = HistoryStore.Options.defaults().withMaxRecords(50);

    static SyncRecord record(String revision) {
        return SyncRecord.of("production", revision, Trigger.SELF_HEAL, START, START.plusSeconds(12), SyncResult.SUCCEEDED,
                        Map.of("created", 3, "configured", 1, "unchanged", 10, "pruned", 0, "failed", 0))
                .withRevisionSubject("Bump orders-api to 1.3")
                .withHealth("Progressing", "Deployment/shop/orders-api: 1 of 3 updated replicas are available");
    }

    @Test
    void aRecordRoundTripsThroughTheStoredFormatWithReadableWords() throws IOException {
        HistoryCodec.HistoryDoc doc = HistoryCodec.append(HistoryCodec.HistoryDoc.empty("production"),
                record("4f2a9c1").withMessage("guard: 6 prunes need confirmPrune").withDryRun(true), FIFTY);

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
            doc = HistoryCodec.append(doc, record("rev-" + i), FIFTY);
        }

        assertThat(doc.records()).hasSize(50);
        assertThat(doc.records().get(0).id()).isEqualTo(60);
        assertThat(doc.records().get(0).revision()).isEqualTo("rev-60");
        assertThat(doc.records().get(49).revision()).isEqualTo("rev-11");
        assertThat(doc.lastId()).isEqualTo(60);
        assertThat(HistoryCodec.gzip(doc).length).as("compressed bytes").isLessThan(8 * 1024);
    }

    @Test
    void aThousandRealisticRecordsStayFarBelowTheObjectLimitAndOlderOnesKeepShortTexts() {
        HistoryStore.Options options = HistoryStore.Options.defaults();
        RealisticHistory busy = new RealisticHistory();
        HistoryCodec.HistoryDoc doc = HistoryCodec.HistoryDoc.empty("production");
        for (int i = 0; i < 1_200; i++) {
            doc = HistoryCodec.append(doc, busy.record("production", i), options);
        }
        HistoryCodec.Encoded encoded = HistoryCodec.encode(doc, options.maxBytes());

        assertThat(encoded.doc().records()).hasSize(1_000);
        assertThat(encoded.doc().records().get(0).id()).isEqualTo(1_200);
        int base64 = (encoded.gzip().length + 2) / 3 * 4;
        assertThat(base64).as("stored base64 bytes").isLessThan(160 * 1024); // about 82 KiB
        SyncRecord newestFailure = encoded.doc().records().get(5); // id 1195: i = 1194, a failed sync
        assertThat(newestFailure.message()).hasSizeGreaterThan(1_000).doesNotEndWith(HistoryCodec.TRUNCATED);
        SyncRecord oldFailure = encoded.doc().records().get(505); // id 695: i = 694
        assertThat(oldFailure.result()).isEqualTo(SyncResult.FAILED);
        assertThat(oldFailure.message()).hasSize(256 + HistoryCodec.TRUNCATED.length()).endsWith(HistoryCodec.TRUNCATED);
        // the first kept record (i = 200) is a new revision: the baseline is the dropped records' revision (i = 199)
        assertThat(encoded.doc().baselineRevision()).isNotNull()
                .isNotEqualTo(encoded.doc().records().get(999).revision());
    }

    @Test
    void pathologicalTextsCostTheOldestRecordsNeverTheObjectLimit() {
        java.util.Random random = new java.util.Random(3);
        HistoryStore.Options options = HistoryStore.Options.defaults();
        HistoryCodec.HistoryDoc doc = HistoryCodec.HistoryDoc.empty("production");
        for (int i = 0; i < 1_000; i++) {
            doc = HistoryCodec.append(doc, record("rev-" + i).withMessage(noise(random)).withHealth("Degraded", noise(random)),
                    options);
        }
        HistoryCodec.Encoded encoded = HistoryCodec.encode(doc, options.maxBytes());

        assertThat(encoded.gzip().length).isLessThanOrEqualTo(options.maxBytes());
        assertThat(encoded.doc().records().size()).isBetween(100, 999);
        assertThat(encoded.doc().records().get(0).revision()).isEqualTo("rev-999");
        assertThat(encoded.doc().baselineRevision()).isEqualTo("rev-" + (999 - encoded.doc().records().size()));
    }

    @Test
    void aHistoryWrittenByTheFiftyRecordReleaseStillDecodes() throws IOException {
        // formatVersion 1 as the release with 50 records wrote it: no baselineRevision, no committedAt
        String old = """
                {"formatVersion":1,"environment":"production","lastId":2,"records":[
                 {"id":2,"environment":"production","revision":"4f2a9c1","revisionSubject":"Bump orders-api to 1.3",
                  "trigger":"selfHeal","startedAt":"2024-05-01T11:00:00Z","finishedAt":"2024-05-01T11:00:12Z",
                  "result":"succeeded","summary":{"created":0,"configured":1,"unchanged":10,"pruned":0,"failed":0},
                  "health":"Healthy","dryRun":false},
                 {"id":1,"environment":"production","revision":"4f2a9c1","trigger":"webhook",
                  "startedAt":"2024-05-01T10:00:00Z","finishedAt":"2024-05-01T10:00:12Z","result":"succeeded",
                  "summary":{"created":3,"configured":0,"unchanged":8,"pruned":0,"failed":0},"dryRun":false}]}""";
        HistoryCodec.HistoryDoc doc = HistoryCodec.gunzip(gzip(old));

        assertThat(doc.baselineRevision()).isNull();
        assertThat(doc.records()).extracting(SyncRecord::trigger).containsExactly(Trigger.SELF_HEAL, Trigger.WEBHOOK);
        assertThat(doc.records().get(1).committedAt()).isNull();
        assertThat(Dora.of(doc.history(), sha -> START.minusSeconds(60)).deployments()).isEqualTo(1);
        HistoryCodec.HistoryDoc appended = HistoryCodec.append(doc, record("5e6f7a8"), HistoryStore.Options.defaults());
        assertThat(appended.records()).extracting(SyncRecord::id).containsExactly(3L, 2L, 1L);
    }

    @Test
    void cutsLongMessages() {
        HistoryCodec.HistoryDoc doc = HistoryCodec.append(HistoryCodec.HistoryDoc.empty("production"),
                record("a").withMessage("x".repeat(10_000)), new HistoryStore.Options(50, 100, 50, 100, 512 * 1024, 10));

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

    /** 8,000 characters that do not compress below 6,000 bytes. */
    private static String noise(java.util.Random random) {
        byte[] bytes = new byte[6_000];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
