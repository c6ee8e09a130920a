package dev.plumbline.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The verbs' text views, read from the API's JSON (so both ways to the environments print alike): a ChangeSet one line
 * per object, the history one line per sync, the status one line per environment; {@code -o json} prints the JSON.
 */
final class VerbOutput {

    private VerbOutput() {
    }

    static void json(PrintWriter out, JsonNode node) {
        try {
            out.println(DiffCommand.json().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** One line per object as {@code sync} prints it: {@code configured Deployment/shop/api (reason)}. */
    static void changeSet(PrintWriter out, JsonNode changeSet) {
        for (JsonNode e : changeSet.path("entries")) {
            String ns = text(e, "namespace");
            String reason = text(e, "reason");
            out.println(text(e, "action") + " " + e.path("kind").asText() + "/" + (ns == null ? "" : ns + "/")
                    + e.path("name").asText() + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
        }
        out.flush();
    }

    /** {@code 3 unchanged, 1 configured}. */
    static String summary(JsonNode counts) {
        List<String> parts = new ArrayList<>();
        counts.fields().forEachRemaining(f -> {
            if (f.getValue().asInt() > 0) {
                parts.add(f.getValue().asInt() + " " + f.getKey().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }

    /** {@code ID  STARTED  TRIGGER  REVISION  RESULT  DURATION  HEALTH  CHANGES}, newest first. */
    static void history(PrintWriter out, JsonNode records) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "STARTED", "TRIGGER", "REVISION", "RESULT", "DURATION", "HEALTH", "CHANGES"});
        for (JsonNode r : records) {
            String subject = text(r, "revisionSubject");
            rows.add(new String[]{r.path("id").asText(), text(r, "startedAt"), text(r, "trigger") + (r.path("dryRun").asBoolean() ? " (dry run)" : ""),
                    shortSha(text(r, "revision")) + (subject == null ? "" : " " + subject), text(r, "result"),
                    duration(text(r, "startedAt"), text(r, "finishedAt")), orDash(text(r, "health")),
                    summary(r.path("summary")) + (text(r, "message") == null ? "" : " — " + text(r, "message"))});
        }
        table(out, rows);
    }

    /** One line per environment: status, health, the revision compared, and what the gate waits for. */
    static void status(PrintWriter out, JsonNode reports) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ENVIRONMENT", "STATUS", "HEALTH", "REVISION", "GATE"});
        List<String> errors = new ArrayList<>();
        for (JsonNode r : reports) {
            String env = r.path("environment").asText();
            JsonNode rev = r.path("revision");
            String revision = rev.isObject() ? rev.path("shortSha").asText() + " " + rev.path("subject").asText("") : "-";
            rows.add(new String[]{env, r.path("status").asText() + (r.path("stale").asBoolean() ? " (stale)" : ""),
                    orDash(text(r.path("health"), "health")), revision, gate(r.path("gate"))});
            if (text(r, "error") != null) {
                errors.add(env + ": " + text(r, "error"));
                r.path("problems").forEach(p -> errors.add("  " + p.asText()));
            }
        }
        table(out, rows);
        errors.forEach(out::println);
        out.flush();
    }

    /** {@code following the branch}, {@code waiting for approval; pending 87e5c00}, {@code pinned at 1a2b3c4}, ... */
    static String gate(JsonNode gate) {
        if (!gate.isObject()) {
            return "-";
        }
        String decision = gate.path("decision").asText("");
        boolean pinned = text(gate, "pinned") != null;
        StringBuilder sb = new StringBuilder(pinned && decision.equals("pinned") ? "" : decision);
        if (pinned) {
            sb.append(sb.length() == 0 ? "" : "; ").append("pinned at ").append(shortSha(text(gate, "pinned")));
        }
        if (text(gate, "pending") != null) {
            sb.append(sb.length() == 0 ? "" : "; ").append("pending ").append(shortSha(text(gate, "pending")));
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    static String shortSha(String sha) {
        return sha == null ? "-" : sha.length() > 7 ? sha.substring(0, 7) : sha;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String duration(String started, String finished) {
        if (started == null || finished == null) {
            return "-";
        }
        Duration d = Duration.between(Instant.parse(started), Instant.parse(finished));
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() < 120 ? d.toSeconds() + "s" : d.toMinutes() + "m";
    }

    /** Columns padded to their widest cell, two spaces apart, as {@code kubectl get} prints them. */
    private static void table(PrintWriter out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(i == r.length - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }
}
