package dev.plumbline.engine;

import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.render.Restrictions;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity rules one by one, on objects as the API server returns them. */
class PruneIdentityTest {

    private static final Map<String, String> OURS = Map.of("plumbline.dev/environment", "e",
            "app.kubernetes.io/managed-by", "plumbline");
    private static final InventoryEntry ENTRY = InventoryEntry.of("v1", "ConfigMap", "app", "cm19");

    @Test
    void theRecordedObjectIsOurs() {
        assertThat(mismatch(ENTRY.withUid("u1"), live("u1", OURS, "Apply", null), Restrictions.unrestricted())).isEmpty();
    }

    @Test
    void aNewUidIsSomeoneElsesEvenWithOurLabels() {
        assertThat(mismatch(ENTRY.withUid("u1"), live("u2", OURS, "Apply", null), Restrictions.unrestricted()))
                .contains("UID changed: re-created by someone else");
    }

    @Test
    void anotherEnvironmentsLabelOrNoneIsAHandOver() {
        assertThat(mismatch(ENTRY.withUid("u1"), live("u1", Map.of("plumbline.dev/environment", "f"), "Apply", null),
                Restrictions.unrestricted())).contains("now labelled for environment f");
        assertThat(mismatch(ENTRY.withUid("u1"), live("u1", Map.of(), "Apply", null), Restrictions.unrestricted()))
                .contains("no longer labelled plumbline.dev/environment=e");
    }

    @Test
    void outsideTheCurrentRestrictions() {
        assertThat(mismatch(ENTRY.withUid("u1"), live("u1", OURS, "Apply", null), new Restrictions(List.of("app6"), null)))
                .contains("outside restrictions.namespaces [app6]");
        assertThat(PruneIdentity.outside(InventoryEntry.of("v1", "Namespace", null, "app").key(),
                new Restrictions(List.of("app6"), List.of("Namespace")))).contains("outside restrictions.namespaces [app6]");
        assertThat(PruneIdentity.outside(InventoryEntry.of("rbac.authorization.k8s.io/v1", "ClusterRole", null, "r").key(),
                new Restrictions(null, List.of("Namespace")))).contains("outside restrictions.clusterScoped [Namespace]");
    }

    @Test
    void withoutAUidOnlyAnObjectPlumblineAppliedIsAdopted() {
        assertThat(mismatch(ENTRY, live("u1", OURS, "Apply", null), Restrictions.unrestricted())).isEmpty();
        assertThat(mismatch(ENTRY, live("u1", OURS, "Update", null), Restrictions.unrestricted()))
                .hasValueSatisfying(m -> assertThat(m).startsWith("no UID recorded"));
        assertThat(mismatch(ENTRY, live("u1", OURS, "Apply", "status"), Restrictions.unrestricted()))
                .as("an apply to the status subresource is not the object's").isPresent();
        assertThat(mismatch(ENTRY, live("u1", Map.of("plumbline.dev/environment", "e"), "Apply", null),
                Restrictions.unrestricted())).as("managed-by label missing").isPresent();
    }

    private static Optional<String> mismatch(InventoryEntry entry, GenericKubernetesResource live, Restrictions r) {
        return PruneIdentity.mismatch(entry, live, "e", r, "plumbline");
    }

    private static GenericKubernetesResource live(String uid, Map<String, String> labels, String operation, String subresource) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("v1");
        r.setKind("ConfigMap");
        r.setMetadata(new ObjectMetaBuilder().withName("cm19").withNamespace("app").withUid(uid).withLabels(labels)
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("plumbline").withOperation(operation)
                        .withSubresource(subresource).withApiVersion("v1").build()).build());
        return r;
    }
}
