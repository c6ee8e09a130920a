package dev.plumbline.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.Verdict;
import dev.plumbline.history.Trigger;
import dev.plumbline.live.ApiVerb;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persisted InSync verdicts (decision 0047) on the real API server: a restarted agent on a converged environment
 * reports it InSync without a dry-run, yet anything that changed while it was down is dry-run and reported as a fresh
 * agent would: an object edited, a desired object changed, a record made on another API server build or one that does
 * not decode.
 */
@ExtendWith(KubernetesExtension.class)
class VerdictRecordIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD_KEY = "verdicts.json.gz";

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    @BeforeEach
    void setUp() {
        it.repo.write("environments/" + it.env + "/plumbline.yaml", "namespace: " + it.env + "\n")
                .write("environments/" + it.env + "/app.yaml", DriftReportIT.manifests(it.env))
                .commit("first");
    }

    /** An agent syncs the environment, leaves its record, and stops. */
    private void convergeAndStop() {
        Reconciler first = it.start();
        EnvironmentReport synced = first.cycle(it.env, Trigger.POLL);
        assertThat(synced.status()).as(synced.toString()).isEqualTo("Synced");
        assertThat(record().getMetadata().getAnnotations()).containsEntry("plumbline.dev/verdict-entries", "3");
        it.stop(first);
    }

    private ConfigMap record() {
        return it.cluster.client().configMaps().inNamespace(it.cluster.stateNamespace())
                .withName("plumbline-verdicts-" + it.env).get();
    }

    private Map<String, Long> calls(Map<String, Long> before) {
        Map<String, Long> calls = new TreeMap<>(it.connection().reconcileCalls().since(before));
        System.out.println("restart reconcile calls: " + calls);
        return calls;
    }

    private static Map<String, Verdict> verdicts(EnvironmentReport report) {
        Map<String, Verdict> out = new TreeMap<>();
        report.entries().forEach(e -> out.put(e.key().kind(), e.status()));
        return out;
    }

    @Test
    void aRestartedAgentReportsAConvergedEnvironmentInSyncWithoutADryRunAndWritesNothing() {
        convergeAndStop();

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.cycle(it.env, Trigger.POLL);
        Map<String, Long> calls = calls(before);

        assertThat(report.status()).as(report.toString()).isEqualTo("Synced");
        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.InSync),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        assertThat(calls).doesNotContainKeys(ApiVerb.DRY_RUN_APPLY, ApiVerb.APPLY, ApiVerb.CREATE, ApiVerb.UPDATE);
        // the steady state after it is unchanged: no call at all
        Map<String, Long> steady = it.connection().reconcileCalls().snapshot();
        assertThat(restarted.cycle(it.env, Trigger.POLL).status()).isEqualTo("Synced");
        assertThat(it.connection().reconcileCalls().since(steady)).isEmpty();
    }

    @Test
    void anObjectEditedWhileTheAgentWasDownIsDryRunAndReportedModified() {
        convergeAndStop();
        it.cluster.client().configMaps().inNamespace(it.env).withName("app-config")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("LOG_LEVEL", "debug").build());

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.check(it.env);
        Map<String, Long> calls = calls(before);

        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.Modified),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        DriftEntry edited = report.entries().stream().filter(e -> e.key().kind().equals("ConfigMap")).findFirst().orElseThrow();
        assertThat(edited.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/data/LOG_LEVEL");
            assertThat(c.live()).isEqualTo("debug");
        });
        assertThat(calls).containsEntry(ApiVerb.DRY_RUN_APPLY, 1L);
    }

    /**
     * Same content, but another manager now co-owns a field: an apply would no longer remove that field alone if Git
     * dropped it, so the record (which names who owned what) does not hold and the object is dry-run.
     */
    @Test
    void aFieldTakenOverWithTheSameValueWhileTheAgentWasDownIsDryRun() {
        convergeAndStop();
        it.cluster.client().resource(new ConfigMapBuilder().withNewMetadata().withName("app-config").withNamespace(it.env)
                .endMetadata().addToData("LOG_LEVEL", "info").build()).fieldManager("someone-else").serverSideApply();

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.check(it.env);

        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.InSync),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        assertThat(calls(before)).containsEntry(ApiVerb.DRY_RUN_APPLY, 1L);
    }

    @Test
    void aDesiredObjectChangedWhileTheAgentWasDownIsDryRun() {
        convergeAndStop();
        it.repo.write("environments/" + it.env + "/app.yaml",
                DriftReportIT.manifests(it.env).replace("LOG_LEVEL: info", "LOG_LEVEL: warn")).commit("warn");

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.check(it.env);
        Map<String, Long> calls = calls(before);

        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.Modified),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        assertThat(calls).containsEntry(ApiVerb.DRY_RUN_APPLY, 1L);
    }

    @Test
    void aRecordMadeOnAnotherApiServerBuildIsIgnored() throws IOException {
        convergeAndStop();
        rewriteRecord(doc -> doc.put("server", "v1.19.0+0000000000000000000000000000000000000000"));

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.check(it.env);

        assertThat(report.error()).isNull();
        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.InSync),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        assertThat(calls(before)).containsEntry(ApiVerb.DRY_RUN_APPLY, 3L);
    }

    @Test
    void aRecordThatDoesNotDecodeIsIgnoredNeverAnError() {
        convergeAndStop();
        ConfigMap stored = record();
        stored.getBinaryData().put(RECORD_KEY, Base64.getEncoder().encodeToString("not gzip".getBytes()));
        it.cluster.client().configMaps().inNamespace(it.cluster.stateNamespace()).resource(stored).update();

        Reconciler restarted = it.start();
        Map<String, Long> before = it.connection().reconcileCalls().snapshot();
        EnvironmentReport report = restarted.check(it.env);

        assertThat(report.error()).isNull();
        assertThat(report.stale()).isFalse();
        assertThat(verdicts(report)).containsOnly(Map.entry("ConfigMap", Verdict.InSync),
                Map.entry("Deployment", Verdict.InSync), Map.entry("Service", Verdict.InSync));
        assertThat(calls(before)).containsEntry(ApiVerb.DRY_RUN_APPLY, 3L);
    }

    private void rewriteRecord(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ConfigMap stored = record();
        byte[] gz = Base64.getDecoder().decode(stored.getBinaryData().get(RECORD_KEY));
        ObjectNode doc;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            doc = (ObjectNode) JSON.readTree(in);
        }
        change.accept(doc);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(JSON.writeValueAsBytes(doc));
        }
        stored.getBinaryData().put(RECORD_KEY, Base64.getEncoder().encodeToString(out.toByteArray()));
        it.cluster.client().configMaps().inNamespace(it.cluster.stateNamespace()).resource(stored).update();
    }

}
