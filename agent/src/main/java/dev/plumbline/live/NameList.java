package dev.plumbline.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The names of every object of one kind in one namespace (or cluster-wide), whatever their labels, read as
 * metadata only: a LIST with {@code Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1} (served
 * since Kubernetes 1.15), so the answer carries no specs, in pages of {@value #PAGE} objects. A server that does not
 * offer the metadata form answers with the full list ({@code application/json} is the second choice), which names the
 * same objects. One counted {@code list} request per page, through the reconcile client.
 *
 * @see <a href="https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables">API
 *      concepts: alternate representations</a>
 */
final class NameList {

    static final int PAGE = 500;
    private static final String ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private NameList() {
    }

    /** @param namespace {@code null} for a cluster-scoped kind, or to list a namespaced kind in every namespace */
    static Set<String> of(KubernetesClient client, String server, ApiResource kind, String namespace) {
        Set<String> names = new HashSet<>();
        String continueToken = null;
        do {
            JsonNode page = page(client, url(server, kind, namespace, continueToken), kind, namespace);
            for (JsonNode item : page.path("items")) {
                names.add(item.path("metadata").path("name").asText());
            }
            continueToken = page.path("metadata").path("continue").asText("");
        } while (!continueToken.isEmpty());
        return names;
    }

    private static String url(String server, ApiResource kind, String namespace, String continueToken) {
        String base = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        String prefix = kind.group().isEmpty() ? "/api/" + kind.version() : "/apis/" + kind.group() + "/" + kind.version();
        String scope = kind.namespaced() && namespace != null ? "/namespaces/" + namespace : "";
        String query = "?limit=" + PAGE + (continueToken == null ? ""
                : "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
        return base + prefix + scope + "/" + kind.plural() + query;
    }

    private static JsonNode page(KubernetesClient client, String url, ApiResource kind, String namespace) {
        String what = kind.qualifiedPlural() + (namespace == null ? "" : " in namespace " + namespace);
        try {
            var request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", ACCEPT).build();
            HttpResponse<String> response = client.getHttpClient().sendAsync(request, String.class)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (response.code() != 200) {
                throw new LiveException("list of " + what + " failed: HTTP " + response.code() + statusMessage(response));
            }
            return JSON.readTree(response.body());
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new LiveException("list of " + what + " failed: " + (e.getCause() instanceof
                    io.fabric8.kubernetes.client.KubernetesClientException k ? ApiErrors.describe(k)
                    : "no answer from the API server: " + ApiErrors.root(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LiveException("list of " + what + " failed: interrupted", e);
        }
    }

    /** {@code ": <message>"} of the API server's Status answer, or nothing when the body is not one. */
    private static String statusMessage(HttpResponse<String> response) {
        try {
            JsonNode status = JSON.readTree(response.body());
            String message = status == null ? "" : status.path("message").asText("");
            return message.isBlank() ? "" : ": " + message;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
