package dev.plumbline.reconcile;

import dev.plumbline.history.SyncRecord;
import dev.plumbline.history.Trigger;
import dev.plumbline.testing.KubernetesExtension;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, promotion with soak: {@code promotion: {after: staging, soak: 5s}} holds a revision until the staging
 * environment (same source, same agent) has run it Synced and Healthy for the soak. Real API server, real Git; the
 * soak's facts are read from the cluster, so a restarted agent keeps waiting where the old one was.
 */
@ExtendWith(KubernetesExtension.class)
class PromotionIT {

    static final Duration SOAK = Duration.ofSeconds(5);

    @RegisterExtension
    final ReconcilerHarness it = new ReconcilerHarness();

    String staging;
    String prodDir;
    String stagingDir;

    @BeforeEach
    void environments() {
        staging = "stg-" + it.env;
        prodDir = "environments/" + it.env + "/";
        stagingDir = "environments/" + staging + "/";
    }

    private static String configMap(String namespace, String name, String level) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: " + namespace
                + "\ndata: {LEVEL: " + level + "}\n";
    }

    private String level(String name) {
        ConfigMap cm = it.cluster.client().configMaps().inNamespace(it.env).withName(name).get();
        return cm == null ? null : cm.getData().get("LEVEL");
    }

    /** Both environments at {@code level}; production with {@code prodPolicy} (after its namespace line). */
    private String commit(String level, String prodPolicy, String message) {
        return it.repo.write(stagingDir + "plumbline.yaml", "namespace: " + it.env + "\n")
                .write(stagingDir + "app.yaml", configMap(it.env, "staging-settings", level))
                .write(prodDir + "plumbline.yaml", "namespace: " + it.env + "\n" + prodPolicy)
                .write(prodDir + "app.yaml", configMap(it.env, "settings", level)).commit(message);
    }

    private static String soaked(boolean auto) {
        return "sync:\n  auto: " + auto + "\npromotion:\n  after: STAGING\n  soak: 5s\n";
    }

    private String policy(boolean auto) {
        return soaked(auto).replace("STAGING", staging);
    }

    @Nested
    class AnAutoEnvironment {

        @Test
        void takesARevisionOnlyAfterStagingRanItHealthyForTheSoakAndARestartKeepsTheWait() {
            // step 1: the first revision waits too (nothing was ever applied), then both converge
            String a = commit("info", policy(true), "A");
            Reconciler agent = it.start();
            EnvironmentReport first = agent.cycle(it.env, Trigger.POLL);
            assertThat(level("settings")).as("staging has not run A").isNull();
            assertThat(first.gate().promotion().message()).endsWith(staging + " has not applied it yet");
            agent.cycle(staging, Trigger.POLL);
            assertThat(level("staging-settings")).isEqualTo("info");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> agent.cycle(it.env, Trigger.POLL).gate().lastApplied(), a::equals);
            assertThat(level("settings")).isEqualTo("info");

            // step 2: B is applied to staging; production waits, and says for what and how long
            String b = commit("debug", policy(true), "B");
            agent.cycle(staging, Trigger.POLL);
            Instant stagedAt = agent.history(staging).get(0).finishedAt();
            EnvironmentReport waiting = agent.cycle(it.env, Trigger.POLL);
            assertThat(level("settings")).as("B has not soaked").isEqualTo("info");
            Soak soak = waiting.gate().promotion();
            assertThat(waiting.gate().pending()).isEqualTo(b);
            assertThat(soak.after()).isEqualTo(staging);
            assertThat(soak.revision()).isEqualTo(b);
            assertThat(soak.soak()).isEqualTo(SOAK);
            assertThat(soak.healthySince()).isEqualTo(stagedAt);
            assertThat(soak.remaining()).isPositive().isLessThanOrEqualTo(SOAK);
            assertThat(waiting.gate().decision()).startsWith("waiting for " + staging + " to run " + b.substring(0, 7)
                    + " healthy for 5s: ").endsWith(" left");

            // step 3: the agent restarts mid-soak; the new one reads the same facts from the cluster
            it.stop(agent);
            Reconciler restarted = it.start();
            EnvironmentReport after = restarted.cycle(it.env, Trigger.POLL);
            if (Instant.now().isBefore(stagedAt.plus(SOAK).minusMillis(500))) {
                assertThat(level("settings")).as("the restarted agent still waits").isEqualTo("info");
                assertThat(after.gate().promotion().healthySince()).isEqualTo(stagedAt);
            }

            // step 4: the soak ends; B is applied, recorded as a plain poll
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> restarted.cycle(it.env, Trigger.POLL).gate().lastApplied(), b::equals);
            assertThat(level("settings")).isEqualTo("debug");
            SyncRecord synced = restarted.history(it.env).get(0);
            assertThat(synced.revision()).isEqualTo(b);
            assertThat(synced.startedAt()).isAfterOrEqualTo(stagedAt.plus(SOAK));
            assertThat(restarted.report(it.env).orElseThrow().gate().promotion().satisfied()).isTrue();
            assertThat(restarted.cycle(it.env, Trigger.POLL).gate().promotion()).as("an applied head is not judged again")
                    .isNull();
        }
    }

    @Nested
    class AnApprovalGate {

        @Test
        void anApprovalBeforeTheSoakEndsIsRecordedAndTheSyncWaitsForBoth() {
            String a = commit("info", policy(false), "A");
            Reconciler agent = it.start();
            agent.cycle(staging, Trigger.POLL);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> agent.sync(it.env, new ManualSync(a, false, null, false, false, null)).report()
                            .gate().lastApplied(), a::equals);

            String b = commit("debug", policy(false), "B");
            agent.cycle(staging, Trigger.POLL);
            Instant stagedAt = agent.history(staging).get(0).finishedAt();
            SyncOutcome approved = agent.sync(it.env, new ManualSync(b, false, null, false, false, null));
            if (Instant.now().isBefore(stagedAt.plus(SOAK).minusMillis(500))) {
                assertThat(approved.changeSet()).as("approved, not soaked: nothing applied").isNull();
                assertThat(approved.record()).isNull();
                assertThat(level("settings")).isEqualTo("info");
                assertThat(approved.report().gate().pending()).isEqualTo(b);
                assertThat(approved.report().gate().decision()).startsWith("waiting for " + staging);
                assertThat(agent.cycle(it.env, Trigger.POLL).gate().decision()).as("the approval is kept")
                        .startsWith("waiting for " + staging);
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> agent.cycle(it.env, Trigger.POLL).gate().lastApplied(), b::equals);
            assertThat(level("settings")).isEqualTo("debug");
            SyncRecord synced = agent.history(it.env).get(0);
            assertThat(synced.trigger()).isEqualTo(Trigger.APPROVAL);
            assertThat(synced.startedAt()).isAfterOrEqualTo(stagedAt.plus(SOAK));
        }

        @Test
        void aSoakedRevisionStillWaitsForItsApproval() throws InterruptedException {
            String a = commit("info", policy(false), "A");
            Reconciler agent = it.start();
            agent.cycle(staging, Trigger.POLL);
            Thread.sleep(SOAK.toMillis());
            EnvironmentReport report = agent.cycle(it.env, Trigger.POLL);
            assertThat(report.gate().promotion().satisfied()).isTrue();
            assertThat(report.gate().decision()).isEqualTo("waiting for approval");
            assertThat(level("settings")).isNull();
            agent.sync(it.env, new ManualSync(a, false, null, false, false, null));
            assertThat(level("settings")).isEqualTo("info");
        }
    }

    @Nested
    class BadInput {

        @Test
        void afterNamingAMissingEnvironmentIsAPolicyErrorAtItsLineAndNothingIsApplied() {
            commit("info", "promotion:\n  soak: 5s\n  after: nowhere\n", "A: typo");
            EnvironmentReport report = it.start().cycle(it.env, Trigger.POLL);
            assertThat(report.problems()).containsExactly(prodDir + "plumbline.yaml:4: promotion.after: no environment "
                    + "'nowhere' (no folder environments/nowhere/ in this revision)");
            assertThat(level("settings")).isNull();
        }

        @Test
        void aSoakThatIsNotADurationIsAPolicyErrorAtItsLineAndNothingIsApplied() {
            commit("info", "promotion:\n  after: " + staging + "\n  soak: ten minutes\n", "A: bad soak");
            EnvironmentReport report = it.start().cycle(it.env, Trigger.POLL);
            assertThat(report.problems()).containsExactly(prodDir + "plumbline.yaml:4: promotion.soak must be a duration "
                    + "such as 90s, 5m or 1h30m, not 'ten minutes'");
            assertThat(level("settings")).isNull();
        }
    }
}
