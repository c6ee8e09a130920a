package dev.plumbline.engine;

import dev.plumbline.inventory.InventoryEntry;
import dev.plumbline.kube.Metadata;
import dev.plumbline.render.Restrictions;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a live object is still the one Plumbline applied and may prune (DESIGN "Ownership and trust"). Pure: the
 * live object is given. A name is not an identity: an object deleted and re-created by someone else has a new UID; a
 * label removed by hand hands the object over; an object outside the current restrictions is out of reach, whatever
 * the inventory remembers.
 */
final class PruneIdentity {

    private PruneIdentity() {
    }

    /** Why {@code live} is not (or no longer) the object {@code entry} records, if so. */
    static Optional<String> mismatch(InventoryEntry entry, GenericKubernetesResource live, String environment,
                                     Restrictions restrictions, String fieldManager) {
        Map<String, String> labels = Metadata.labels(live);
        String uid = live.getMetadata().getUid();
        if (entry.uid() != null && !entry.uid().equals(uid)) {
            return Optional.of("UID changed: re-created by someone else");
        }
        String label = labels.get(Metadata.ENVIRONMENT_LABEL);
        if (!environment.equals(label)) {
            return Optional.of(label == null ? "no longer labelled " + Metadata.ENVIRONMENT_LABEL + "=" + environment
                    : "now labelled for environment " + label);
        }
        Optional<String> outside = outside(entry.key(), restrictions);
        if (outside.isPresent()) {
            return outside;
        }
        if (entry.uid() == null && !(Metadata.MANAGED_BY.equals(labels.get(Metadata.MANAGED_BY_LABEL))
                && appliedBy(live, fieldManager))) {
            return Optional.of("no UID recorded (inventory of an earlier release), and managedFields do not show it "
                    + "applied by " + fieldManager);
        }
        return Optional.empty();
    }

    /** Why {@code key} lies outside {@code restrictions} (Git's, then the operator's bound), if it does. */
    static Optional<String> outside(ResourceKey key, Restrictions restrictions) {
        Optional<String> git = outsideLayer(key, restrictions, "restrictions");
        return git.isPresent() || restrictions.bound() == null ? git
                : outsideLayer(key, restrictions.bound(), "the agent configuration's limits");
    }

    private static Optional<String> outsideLayer(ResourceKey key, Restrictions layer, String name) {
        if (key.namespaced() && !layer.allowsNamespace(key.namespace())) {
            return Optional.of("outside " + name + ".namespaces " + layer.namespaces());
        }
        if (!key.namespaced() && !layer.allowsClusterScoped(key.kind())) {
            return Optional.of("outside " + name + ".clusterScoped " + layer.clusterScoped());
        }
        if (!key.namespaced() && key.group().isEmpty() && key.kind().equals("Namespace")
                && !layer.allowsNamespace(key.name())) {
            return Optional.of("outside " + name + ".namespaces " + layer.namespaces());
        }
        return Optional.empty();
    }

    /** Whether {@code fieldManager} holds an Apply entry on the object itself (not a subresource such as status). */
    static boolean appliedBy(GenericKubernetesResource live, String fieldManager) {
        List<ManagedFieldsEntry> entries = live.getMetadata().getManagedFields();
        return entries != null && entries.stream().anyMatch(e -> fieldManager.equals(e.getManager())
                && "Apply".equals(e.getOperation()) && (e.getSubresource() == null || e.getSubresource().isEmpty()));
    }
}
