package dev.plumbline.engine;

import dev.plumbline.diff.ChangedBy;
import dev.plumbline.diff.DesiredInput;
import dev.plumbline.diff.DiffOptions;
import dev.plumbline.diff.DriftEntry;
import dev.plumbline.diff.FieldChange;
import dev.plumbline.diff.Manifests;
import dev.plumbline.diff.Verdict;
import dev.plumbline.testing.KubernetesExtension;
import dev.plumbline.testing.TestCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Deployment applied by Plumbline, then changed with real kubectl commands: the report names the object, the
 * path with both values, and the manager the API server recorded.
 */
@ExtendWith(KubernetesExtension.class)
class DiffAttributionIT {

    private TestCluster cluster; // injected
    private LiveDiff it;
    private Map<String, Object> desired;

    @BeforeEach
    void applyAsPlumbline() throws Exception {
        it = new LiveDiff(cluster);
        desired = it.manifest(Manifests.DEPLOYMENT);
        it.apply(desired);
    }

    @AfterEach
    void close() {
        it.close();
    }

    @Test
    void inSyncRightAfterApplyThenCachedWithZeroCalls() {
        GenericKubernetesResource live = it.settled(desired);

        DriftEntry first = it.diff(desired, live);
        assertThat(first.status()).as("%s", first).isEqualTo(Verdict.InSync);
        assertThat(it.dryRuns).hasValue(1);
        assertThat(it.requests).as("dry-run at the live resourceVersion: no GET").hasValue(1);

        DriftEntry second = it.diff(desired, live);
        assertThat(second).isEqualTo(first);
        assertThat(it.requests).as("steady state: zero reconcile calls").hasValue(1);
        assertThat(it.engine.cache().hits()).isEqualTo(1);
    }

    @Test
    void kubectlSetImage() throws Exception {
        it.diff(desired, it.settled(desired));
        it.kubectl("set", "image", "deployment/api", "api=nginx:1.26");
        int before = it.requests.get();

        DriftEntry entry = it.diff(desired, it.settled(desired));

        assertThat(it.requests.get() - before).as("a watch event costs one dry-run").isEqualTo(1);
        assertThat(entry.status()).isEqualTo(Verdict.Modified);
        assertThat(entry.key().toString()).isEqualTo("Deployment/" + cluster.namespace() + "/api");
        assertThat(entry.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/spec/template/spec/containers/0/image");
            assertThat(c.field()).isEqualTo("spec.template.spec.containers[name=api].image");
            assertThat(c.desired()).isEqualTo("nginx:1.25");
            assertThat(c.live()).isEqualTo("nginx:1.26");
            assertThat(c.changedBy().manager()).isEqualTo("kubectl-set");
            assertThat(c.changedBy().operation()).isEqualTo("Update");
            assertThat(c.changedBy().time()).isNotBlank();
        });
        assertThat(entry.changedBy()).extracting(ChangedBy::manager).containsExactly("kubectl-set");
    }

    @Test
    void kubectlEdit() throws Exception {
        it.kubectl(Map.of("KUBE_EDITOR", "sed -i -e 's/^  replicas: 2$/  replicas: 4/'"), "edit", "deployment/api");

        DriftEntry entry = it.diff(desired, it.settled(desired));

        assertThat(entry.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/spec/replicas");
            assertThat(c.field()).isEqualTo("spec.replicas");
            assertThat(c.desired()).isEqualTo(2);
            assertThat(c.live()).isEqualTo(4);
            assertThat(c.changedBy().manager()).isEqualTo("kubectl-edit");
        });
    }

    @Test
    void kubectlPatchWithFieldManager() throws Exception {
        it.kubectl("patch", "deployment/api", "--field-manager=ops-team", "--type=merge",
                "-p", "{\"metadata\":{\"labels\":{\"tier\":\"frontend\"}}}");

        DriftEntry entry = it.diff(desired, it.live(desired));

        assertThat(entry.changes()).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("/metadata/labels/tier");
            assertThat(c.field()).isEqualTo("metadata.labels.tier");
            assertThat(c.desired()).isEqualTo("backend");
            assertThat(c.live()).isEqualTo("frontend");
            assertThat(c.changedBy().manager()).isEqualTo("ops-team");
            assertThat(c.changedBy().operation()).isEqualTo("Update");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubectlClientSideApply() throws Exception {
        Map<String, Object> edited = it.manifest(Manifests.DEPLOYMENT.replace("nginx:1.25", "nginx:1.27"));
        it.kubectl("apply", "-f", it.file(edited).getPath());

        DriftEntry entry = it.diff(desired, it.settled(desired));

        assertThat(entry.changes()).as("the last-applied annotation is kubectl's, not drift").singleElement()
                .satisfies(c -> {
                    assertThat(c.field()).isEqualTo("spec.template.spec.containers[name=api].image");
                    assertThat(c.live()).isEqualTo("nginx:1.27");
                    assertThat(c.changedBy().manager()).isEqualTo("kubectl-client-side-apply");
                });
    }

    @Test
    void kubectlScaleIsAttributedFromKubernetes122() throws Exception {
        it.kubectl("scale", "deployment/api", "--replicas=5");

        DriftEntry entry = it.diff(desired, it.settled(desired));

        assertThat(entry.changes()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("spec.replicas");
            assertThat(c.desired()).isEqualTo(2);
            assertThat(c.live()).isEqualTo(5);
            if (it.serverMinor() >= 22) {
                assertThat(c.changedBy().manager()).isEqualTo("kubectl");
                assertThat(c.changedBy().subresource()).isEqualTo("scale");
            } else {
                // before 1.22 the scale subresource leaves managedFields as they were: plumbline still owns replicas
                assertThat(c.changedBy()).isEqualTo(ChangedBy.UNKNOWN);
            }
        });
    }

    @Test
    void conflictProbeCostsASecondDryRunOnlyWhenManagedFieldsCannotTell() throws Exception {
        it.kubectl("scale", "deployment/api", "--replicas=5");
        GenericKubernetesResource live = it.settled(desired);
        Differ probing = new Differ(it.reconcileClient, DiffOptions.defaults().withConflictProbe(true));

        DriftEntry entry = probing.diff(new DesiredInput(dev.plumbline.resource.ResourceKey.of(desired), "apps/v1",
                desired), live, java.util.List.of(), LiveDiff.ENV);

        assertThat(entry.changes()).extracting(FieldChange::field).containsExactly("spec.replicas");
        if (it.serverMinor() >= 22) {
            assertThat(it.dryRuns).as("managedFields told: no probe").hasValue(1);
        } else {
            // plumbline still owns replicas on 1.20, so the non-forced apply has no conflict to name either
            assertThat(it.dryRuns).hasValue(2);
            assertThat(entry.changedBy()).containsExactly(ChangedBy.UNKNOWN);
        }
    }
}
