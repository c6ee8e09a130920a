package dev.plumbline.engine;

import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.util.List;
import java.util.Objects;

/**
 * What the apply verb did to one object: data, not an exception (a refusal of the API server is {@code FAILED} with
 * its message). The caller turns it into its own record of the sync (a {@code ChangeEntry}).
 *
 * @param reason    why, in words ({@code null} when the result says it all)
 * @param takenFrom field managers whose fields the forced apply took over (from the diff's attribution)
 * @param answer    the object as the API server answered the apply; {@code null} on failure or when unvalidated
 */
public record Applied(ResourceKey key, String apiVersion, Result result, String reason, List<String> takenFrom,
                      GenericKubernetesResource answer) {

    /** The apply's outcome; spelled like the sync's actions of the same name. */
    public enum Result {
        CREATED, CONFIGURED, FAILED
    }

    public Applied {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(result, "result");
        takenFrom = takenFrom == null ? List.of() : List.copyOf(takenFrom);
    }

    static Applied failed(ResourceKey key, String apiVersion, String message) {
        return new Applied(key, apiVersion, Result.FAILED, message, List.of(), null);
    }
}
