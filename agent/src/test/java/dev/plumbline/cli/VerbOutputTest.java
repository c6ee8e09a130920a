package dev.plumbline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The verbs' text views and {@code status}' exit code, read from the API's JSON. */
class VerbOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode report(String status, boolean stale, String error, String health, String pending, String pinned,
                                   String decision) throws Exception {
        var r = JSON.createObjectNode().put("environment", "production").put("status", status).put("stale", stale).put("error", error);
        r.putObject("revision").put("shortSha", "1a2b3c4").put("subject", "Bump api");
        if (health != null) {
            r.putObject("health").put("health", health);
        }
        r.putObject("gate").put("decision", decision).put("pending", pending).put("pinned", pinned).put("target", "1a2b3c4d");
        r.putArray("problems").add("environments/production/app.yaml:3: bad");
        return r;
    }

    @ParameterizedTest(name = "{0} {1} {3} pending={4} -> {6}")
    @CsvSource(nullValues = "-", value = {
            "Synced,    false, -,               Healthy,     -,        in sync,              0",
            "Synced,    false, -,               -,           -,        in sync,              0",
            "OutOfSync, false, -,               Healthy,     -,        drift reported,       1",
            "Synced,    false, -,               Healthy,     87e5c00f, waiting for approval, 1",
            "Synced,    false, -,               Progressing, -,        in sync,              1",
            "Conflict,  false, owned by another, -,          -,        -,                    1",
            "Unknown,   false, -,               -,           -,        -,                    1",
            "Synced,    true,  render failed,   Healthy,     -,        in sync,              2",
    })
    void statusExitCodesFollowKubectlDiff(String status, boolean stale, String error, String health, String pending,
                                          String decision, int code) throws Exception {
        assertThat(StatusCommand.exitCode(report(status, stale, error, health, pending, null, decision))).isEqualTo(code);
    }

    @Test
    void statusPrintsOneAlignedLinePerEnvironmentThenErrors() throws Exception {
        var reports = JSON.createArrayNode()
                .add(report("Synced", false, null, "Healthy", "87e5c00f11", "1a2b3c4d55", "pinned"))
                .add(report("Synced", true, "render failed", null, null, null, "following the branch"));
        StringWriter text = new StringWriter();
        VerbOutput.status(new PrintWriter(text), reports);
        assertThat(text.toString()).isEqualTo("""
                ENVIRONMENT  STATUS          HEALTH   REVISION          GATE
                production   Synced          Healthy  1a2b3c4 Bump api  pinned at 1a2b3c4; pending 87e5c00
                production   Synced (stale)  -        1a2b3c4 Bump api  following the branch
                production: render failed
                  environments/production/app.yaml:3: bad
                """);
    }

    @Test
    void historyPrintsOneLinePerSyncWithItsCountsAndDuration() throws Exception {
        JsonNode records = JSON.readTree("""
                [{"id": 2, "revision": "1a2b3c4d55", "revisionSubject": "first", "trigger": "rollback",
                  "startedAt": "2026-12-07T00:00:00Z", "finishedAt": "2026-12-07T00:00:03.500Z", "result": "succeeded",
                  "summary": {"created": 0, "configured": 1, "unchanged": 2}, "health": "Healthy"},
                 {"id": 1, "revision": "87e5c00f11", "trigger": "approval", "startedAt": "2026-12-06T23:00:00Z",
                  "finishedAt": "2026-12-06T23:00:00.250Z", "result": "failed", "summary": {"failed": 1},
                  "message": "Deployment/shop/api: 422"}]""");
        StringWriter text = new StringWriter();
        VerbOutput.history(new PrintWriter(text), records);
        assertThat(text.toString()).isEqualTo("""
                ID  STARTED               TRIGGER   REVISION       RESULT     DURATION  HEALTH   CHANGES
                2   2026-12-07T00:00:00Z  rollback  1a2b3c4 first  succeeded  3s        Healthy  1 configured, 2 unchanged
                1   2026-12-06T23:00:00Z  approval  87e5c00        failed     250ms     -        1 failed — Deployment/shop/api: 422
                """);
    }
}
