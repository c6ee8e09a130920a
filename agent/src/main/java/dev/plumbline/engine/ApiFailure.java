package dev.plumbline.engine;

import dev.plumbline.resource.ResourceKey;
import dev.plumbline.live.ApiErrors;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** An API server's refusal as {@code <Kind/ns/name> <step> failed: HTTP <code>: <message>}. */
record ApiFailure(int code, String message) {

    /** The failure, or a {@link EngineException} when no answer came at all (connection refused, timeout, TLS). */
    static ApiFailure of(ResourceKey key, String step, KubernetesClientException e) {
        if (e.getCode() <= 0) {
            throw new EngineException(key + " " + step + " failed: " + ApiErrors.describe(e), e);
        }
        return new ApiFailure(e.getCode(), key + " " + step + " failed: " + ApiErrors.describe(e));
    }

    /**
     * A 422 naming an immutable field (e.g. a Deployment's selector): only a delete and re-create changes it.
     * Other 422s are invalid manifests, which a re-create would not fix.
     */
    boolean immutable() {
        return code == 422 && message.contains("immutable");
    }
}
