package dev.plumbline.engine;

import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffResult;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.IgnoredFields;
import dev.plumbline.diff.Manifests;
import dev.plumbline.diff.UnifiedDiff;
import dev.plumbline.diff.Verdict;
import dev.plumbline.kube.Normalizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.config.EnvironmentPolicy.IgnoreRule;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import dev.plumbline.testing.YamlFixtures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every verdict against the real API server: no false drift, removals, Missing, Conflict, Error, Secrets, ignores. */
@ExtendWith(KubernetesExtension.class)
class DiffVerdictsIT {

    private TestCluster cluster; // injected
    private LiveDiff it;

    @BeforeEach
    void engine() throws Exception {
        it = new LiveDiff(cluster);
    }

    @AfterEach
    void close() {
        it.close();
    }

    @Test
    void noFalseDriftRightAfterApply() {
        // quantities (1000m, 1024Mi), omitted defaults, a named targetPort, labels out of order: all InSync
        Map<String, Object> deployment = it.manifest(Manifests.DEPLOYMENT);
        Map<String, Object> service = it.manifest(Manifests.SERVICE);
        it.apply(deployment);
        it.apply(service);

        DiffResult deploymentResult = it.engine.diffWithObjects(input(deployment), it.settled(deployment), List.of(),
                LiveDiff.ENV);
        assertThat(deploymentResult.entry().status()).as("%s", deploymentResult.entry()).isEqualTo(Verdict.InSync);
        assertThat(UnifiedDiff.of(deploymentResult)).isEmpty();
        assertThat(deploymentResult.live().toString()).as("the server stored its own spelling")
                .contains("cpu=1").contains("memory=1Gi").contains("imagePullPolicy=IfNotPresent");
        assertThat(it.diff(service, it.live(service)).status()).isEqualTo(Verdict.InSync);
    }

    @Test
    void fieldRemovedFromGitIsDriftWithDesiredNull() {
        Map<String, Object> withTier = it.manifest(Manifests.DEPLOYMENT);
        it.apply(withTier);
        Map<String, Object> withoutTier = it.manifest(Manifests.DEPLOYMENT.replace("    tier: backend\n", ""));

        DiffResult result = it.engine.diffWithObjects(input(withoutTier), it.settled(withTier), List.of(), LiveDiff.ENV);

        assertThat(result.entry().changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/metadata/labels/tier");
            assertThat(c.desired()).isNull();
            assertThat(c.live()).isEqualTo("backend");
            assertThat(c.changedBy()).as("Git removed it: nobody on the cluster").isEqualTo(ChangedBy.UNKNOWN);
        });
        assertThat(UnifiedDiff.of(result)).contains("\n-    tier: backend\n").doesNotContainPattern("\n\\+[^+]");
    }

    @Test
    void deletedIsMissingAndALaggingCacheIsNotTrusted() {
        Map<String, Object> desired = it.manifest(Manifests.SERVICE);
        it.apply(desired);
        GenericKubernetesResource cached = it.live(desired);
        cluster.client().resource(cached).delete();

        assertThat(it.diff(desired, null).status()).isEqualTo(Verdict.Missing);
        assertThat(it.requests).as("absent: no call").hasValue(0);
        DriftEntry stale = it.diff(desired, cached);
        assertThat(stale.status()).isEqualTo(Verdict.Missing);
        assertThat(stale.message()).contains("deleted since it was cached");
    }

    @Test
    void laggingCacheIsComparedAtTheDryRunsResourceVersion() throws Exception {
        Map<String, Object> desired = it.manifest(Manifests.DEPLOYMENT);
        it.apply(desired);
        GenericKubernetesResource beforeEdit = it.settled(desired);
        it.kubectl("set", "image", "deployment/api", "api=nginx:1.26");
        GenericKubernetesResource drifted = it.settled(desired);
        it.apply(desired); // healed again before the watch cache caught up
        it.settled(desired);

        assertThat(it.diff(desired, drifted).status()).as("stale drifted copy: no false Modified")
                .isEqualTo(Verdict.InSync);
        it.kubectl("set", "image", "deployment/api", "api=nginx:1.27");
        it.settled(desired);
        DriftEntry entry = it.diff(desired, beforeEdit);
        assertThat(entry.status()).as("stale clean copy: the change is still found").isEqualTo(Verdict.Modified);
        assertThat(entry.changes()).extracting(FieldChange::live).containsExactly("nginx:1.27");
    }

    @Test
    void anotherEnvironmentOrHelmIsAConflictUnlessAdopted() {
        Map<String, Object> staging = it.manifest(Manifests.SERVICE.replace("environment: production",
                "environment: staging"));
        it.apply(staging, "plumbline");
        DriftEntry entry = it.diff(it.manifest(Manifests.SERVICE), it.live(staging));
        assertThat(entry.status()).isEqualTo(Verdict.Conflict);
        assertThat(entry.message()).contains("labelled for environment staging");

        Map<String, Object> helm = it.manifest(Manifests.SERVICE.replace("plumbline.dev/environment: production",
                "app.kubernetes.io/managed-by: Helm").replace("name: api", "name: web"));
        it.apply(helm, "helm");
        Map<String, Object> desired = it.manifest(Manifests.SERVICE.replace("name: api", "name: web"));
        assertThat(it.diff(desired, it.live(helm)).message()).contains("managed by Helm");
        assertThat(it.requests).hasValue(0);

        Map<String, Object> adopting = it.manifest(Manifests.SERVICE.replace("name: api", "name: web")
                .replace("  labels:", "  annotations: {plumbline.dev/adopt: \"true\"}\n  labels:"));
        DriftEntry adopted = it.diff(adopting, it.live(helm));
        assertThat(adopted.status()).isEqualTo(Verdict.Modified);
        assertThat(adopted.changes()).extracting(FieldChange::field)
                .contains("metadata.labels[\"plumbline.dev/environment\"]");
    }

    @Test
    void immutableFieldIsAnErrorWithTheServersMessage() {
        Map<String, Object> desired = it.manifest(Manifests.DEPLOYMENT);
        it.apply(desired);
        Map<String, Object> newSelector = it.manifest(Manifests.DEPLOYMENT.replace("{app: api}", "{app: api2}"));

        DriftEntry entry = it.diff(newSelector, it.settled(desired));

        assertThat(entry.status()).isEqualTo(Verdict.Error);
        assertThat(entry.message()).startsWith("Deployment/" + cluster.namespace() + "/api dry-run apply failed: HTTP 422: ")
                .contains("field is immutable");
        int calls = it.requests.get();
        assertThat(it.diff(newSelector, it.live(desired))).isEqualTo(entry);
        assertThat(it.requests).as("a 422 is cached like any verdict").hasValue(calls);
    }

    @Test
    void namespaceOrKindNotServed() {
        Map<String, Object> elsewhere = it.manifest(Manifests.SERVICE.replace("namespace: NS", "namespace: NS-absent"));
        GenericKubernetesResource phantom = Normalizer.toResource(elsewhere);
        DriftEntry missing = it.diff(elsewhere, phantom);
        assertThat(missing.status()).isEqualTo(Verdict.Missing);
        assertThat(missing.message()).contains("HTTP 404").contains(cluster.namespace() + "-absent");

        Map<String, Object> widget = it.manifest(YamlFixtures.text("diff/it/widget-desired.yaml"));
        DriftEntry unserved = it.diff(widget, Normalizer.toResource(widget));
        assertThat(unserved.status()).isEqualTo(Verdict.Error);
        assertThat(unserved.message()).isEqualTo("Widget/" + cluster.namespace()
                + "/w dry-run apply failed: kind not served by the cluster");
    }

    @Test
    void secretChangedBySomeoneNamesTheKeyNeverTheValue() throws Exception {
        Map<String, Object> desired = it.manifest(Manifests.SECRET);
        it.apply(desired);
        assertThat(it.diff(desired, it.live(desired)).status()).isEqualTo(Verdict.InSync);
        it.kubectl("patch", "secret/db", "--type=merge", "-p", "{\"stringData\":{\"password\":\"changed-by-hand\"}}");

        DiffResult result = it.engine.diffWithObjects(input(desired), it.live(desired), List.of(), LiveDiff.ENV);

        DriftEntry entry = result.entry();
        assertThat(entry.status()).isEqualTo(Verdict.Modified);
        assertThat(entry.changes()).extracting(FieldChange::field).containsExactly("data.password");
        assertThat(entry.message()).contains("data.password").doesNotContain("data.user");
        String everything = new ObjectMapper().writeValueAsString(entry) + UnifiedDiff.of(result);
        for (String secret : List.of("s3cr3t-from-git", "changed-by-hand", "orders")) {
            assertThat(everything).doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aSecretWhoseDataIsNotBase64IsAnErrorNamingTheKeyNotMissingAndNeverShowsTheValue() throws Exception {
        String notBase64 = "pl4in-t3xt-passw0rd!";
        Map<String, Object> invalid = it.manifest(Manifests.SECRET.replace("stringData:\n  password: s3cr3t-from-git\n",
                "data:\n  password: \"" + notBase64 + "\"\n  host: ZGIuZXhhbXBsZQ==\n").replace("  user: orders\n", ""));
        // what the API server says to it: the verdict must not read "Missing, will be created"
        assertThatThrownBy(() -> it.apply(invalid)).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isBetween(400, 599));

        DriftEntry absent = it.diff(invalid, null);
        assertThat(absent.status()).isEqualTo(Verdict.Error);
        assertThat(absent.message()).isEqualTo("Secret/" + cluster.namespace() + "/db validation failed: data.password is "
                + "not valid base64; the API server cannot store such a Secret; use stringData for plain text");

        Map<String, Object> valid = it.manifest(Manifests.SECRET);
        it.apply(valid);
        DriftEntry existing = it.diff(invalid, it.live(valid));
        assertThat(existing.status()).isEqualTo(Verdict.Error);
        String everything = new ObjectMapper().writeValueAsString(List.of(absent, existing));
        assertThat(everything).doesNotContain(notBase64).doesNotContain("pl4in");
    }

    @Test
    void ignoredReplicasStayInSyncAfterAScale() throws Exception {
        Map<String, Object> desired = it.manifest(Manifests.DEPLOYMENT);
        it.apply(desired);
        it.kubectl("scale", "deployment/api", "--replicas=7");
        GenericKubernetesResource live = it.settled(desired);
        IgnoreRule replicas = new IgnoreRule("apps", "Deployment", null, "api", List.of("/spec/replicas"), null);

        assertThat(it.diff(desired, live, replicas).status()).isEqualTo(Verdict.InSync);
        assertThat(it.diff(desired, live).status()).as("without the rule").isEqualTo(Verdict.Modified);
        Map<String, Object> kept = IgnoredFields.keepLive(desired, live, List.of(replicas));
        assertThat(((Map<?, ?>) kept.get("spec")).get("replicas")).isEqualTo(7);
    }

    private static DesiredInput input(Map<String, Object> body) {
        return new DesiredInput(dev.plumbline.resource.ResourceKey.of(body), (String) body.get("apiVersion"), body);
    }
}
