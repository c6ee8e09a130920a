package dev.plumbline.engine;

import dev.plumbline.kube.Normalizer;
import dev.plumbline.diff.Verdict;
import dev.plumbline.kube.Normalizer;
import dev.plumbline.live.ApiErrors;
import dev.plumbline.resource.ResourceKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.List;
import java.util.Map;

/**
 * The API calls of a diff: a server-side-apply dry-run (what the object would become) and a GET (the live object
 * at the dry-run's resourceVersion). API server rejections become {@link Failure}s; only a server that cannot be
 * reached at all throws ({@link DiffException}).
 *
 * @see <a href="https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run">Dry-run</a>
 * @see <a href="https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts">Conflicts</a>
 */
final class DryRun {

    /** What a call produced. */
    sealed interface Outcome {
    }

    /** The object the API server answered with ({@code null} for a GET of an absent object). */
    record Answer(Map<String, Object> object) implements Outcome {
    }

    /**
     * The API server said no.
     *
     * @param cacheable the same request at the same resourceVersion would fail the same way (400, 422)
     * @param causes    {@code status.details.causes[].message}; for a 409, the conflicting managers and fields
     */
    record Failure(Verdict verdict, String message, boolean cacheable, int code, List<String> causes) implements Outcome {
    }

    static final String KIND_NOT_SERVED = "kind not served by the cluster";

    private final KubernetesClient client;
    private final String fieldManager;

    DryRun(KubernetesClient client, String fieldManager) {
        this.client = client;
        this.fieldManager = fieldManager;
    }

    /** A dry-run server-side apply of {@code body} as the field manager; {@code force} takes over conflicting fields. */
    Outcome apply(ResourceKey key, Map<String, Object> body, boolean force) {
        GenericKubernetesResource resource = Normalizer.toResource(body);
        try {
            var apply = client.resource(resource).dryRun().fieldManager(fieldManager);
            GenericKubernetesResource answer = (force ? apply.forceConflicts() : apply).serverSideApply();
            return new Answer(Normalizer.toMap(answer));
        } catch (KubernetesClientException e) {
            return failure(key, "dry-run apply", e);
        }
    }

    /** The object as stored now; {@code Answer(null)} when it does not exist. */
    Outcome get(ResourceKey key, Map<String, Object> body) {
        try {
            GenericKubernetesResource live = client.resource(Normalizer.toResource(body)).get();
            return new Answer(Normalizer.toMap(live));
        } catch (KubernetesClientException e) {
            return failure(key, "get", e);
        }
    }

    private static Failure failure(ResourceKey key, String step, KubernetesClientException e) {
        int code = e.getCode();
        if (code <= 0 && String.valueOf(e.getMessage()).startsWith("Could not find a registered handler")) {
            // Fabric8's discovery found no such kind; its message embeds the whole object, so it is not repeated.
            return new Failure(Verdict.Error, key + " " + step + " failed: " + KIND_NOT_SERVED, false, 0, List.of());
        }
        if (code <= 0) {
            // no HTTP status: the request never got an answer (connection refused, timeout, TLS): infrastructure
            throw new DiffException(key + " " + step + " failed: " + ApiErrors.describe(e), e);
        }
        String message = key + " " + step + " failed: " + serverMessage(e);
        List<String> causes = causes(e.getStatus());
        return switch (code) {
            case 404 -> new Failure(Verdict.Missing, message, false, code, causes);
            case 400, 422 -> new Failure(Verdict.Error, message, true, code, causes);
            default -> new Failure(Verdict.Error, message, false, code, causes);
        };
    }

    private static String serverMessage(KubernetesClientException e) {
        return ApiErrors.describe(e);
    }

    private static List<String> causes(Status status) {
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null) {
            return List.of();
        }
        return status.getDetails().getCauses().stream().map(StatusCause::getMessage).toList();
    }
}
