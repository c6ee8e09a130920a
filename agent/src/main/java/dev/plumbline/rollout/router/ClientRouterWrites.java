package dev.plumbline.rollout.router;

import dev.plumbline.kube.Normalizer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * {@link RouterWrites} on the environment's connection, written as the rollout writes its other objects: forced
 * server-side apply with Plumbline's field manager (so a later plain sync of Git's object takes every field back), and
 * a delete where 404 is fine. One request per write.
 */
public record ClientRouterWrites(KubernetesClient client, String fieldManager) implements RouterWrites {

    @Override
    public void write(RouterWrite write) {
        try {
            if (write instanceof RouterWrite.Apply apply) {
                client.resource(Normalizer.toResource(apply.object().body())).fieldManager(fieldManager)
                        .forceConflicts().serverSideApply();
            } else if (write instanceof RouterWrite.Delete delete) {
                var op = client.genericKubernetesResources(delete.apiVersion(), delete.key().kind())
                        .inNamespace(delete.key().namespace()).withName(delete.key().name());
                op.delete();
            }
        } catch (KubernetesClientException e) {
            if (write instanceof RouterWrite.Delete && e.getCode() == 404) {
                return;
            }
            String verb = write instanceof RouterWrite.Apply ? "apply" : "delete";
            throw new RouterException(write.key() + " " + verb + " failed: " + e.getMessage(), e);
        }
    }
}
