package dev.plumbline.render;

import java.util.List;

/**
 * {@code replicas}: sets {@code spec.replicas} of the Deployment, ReplicationController, ReplicaSet or StatefulSet
 * that has (or had) the given name. As in Kustomize, a name that matches none of them is an error.
 */
final class ReplicaTransformer {

    private ReplicaTransformer() {
    }

    static void apply(List<Resource> resources, Kustomization k, Problems problems) {
        for (Kustomization.ReplicaEntry entry : k.replicas()) {
            boolean found = false;
            for (Resource r : resources) {
                for (FieldSpec spec : FieldSpecs.BUILTIN.replicas) {
                    if (spec.selects(r) && r.names().contains(entry.name())) {
                        FieldSpec.visit(r.body(), spec.segments(), 0, spec.create(),
                                (parent, key) -> parent.put(key, entry.count()));
                        found = true;
                    }
                }
            }
            if (!found) {
                problems.error(k.file(), entry.line(), "replicas: no Deployment, ReplicationController, ReplicaSet or "
                        + "StatefulSet is named " + entry.name());
            }
        }
    }
}
