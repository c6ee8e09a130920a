package dev.plumbline.render;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Pulls a Helm chart from an OCI registry as {@code helm pull oci://host/path/name --version V} does, over the OCI
 * distribution API: the manifest of tag {@code V} ({@code +} written {@code _}, as Helm tags), whose config must be a
 * Helm chart config, then the chart layer's blob, whose SHA-256 must equal its digest (content addressing: the
 * digest check needs no index). HTTPS, except a loopback host (127.0.0.1, ::1, localhost), which is plain HTTP as
 * for Docker's default insecure registries. A registry asking for a token (Bearer challenge) gets one from its
 * realm, with the configured credential if any ({@link ChartCredentials}).
 */
final class OciChartRegistry {

    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
    static final String HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final ChartCredentials.Credential credential;
    private String token; // a registry's bearer token for this pull, once obtained

    OciChartRegistry(HttpClient client, ChartCredentials.Credential credential) {
        this.client = client;
        this.credential = credential;
    }

    /** The chart archive of {@code name} at {@code version} under {@code repo} ({@code oci://host[:port]/path}). */
    byte[] pull(String repo, String name, String version) throws ChartRepository.PullException {
        URI ref = URI.create(repo);
        String host = ref.getHost();
        String scheme = host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))
                ? "http" : "https";
        String base = scheme + "://" + ref.getRawAuthority() + "/v2" + ref.getRawPath() + "/" + name;
        String tag = version.replace('+', '_');
        JsonNode manifest;
        try {
            manifest = JSON.readTree(get(URI.create(base + "/manifests/" + tag), MANIFEST));
        } catch (IOException e) {
            throw new ChartRepository.PullException("the manifest of " + repo + "/" + name + ":" + tag
                    + " is not valid JSON");
        }
        if (!HELM_CONFIG.equals(manifest.path("config").path("mediaType").asText())) {
            throw new ChartRepository.PullException(repo + "/" + name + ":" + tag + " is not a Helm chart (its config "
                    + "is " + manifest.path("config").path("mediaType").asText("missing") + ", not " + HELM_CONFIG + ")");
        }
        for (JsonNode layer : manifest.path("layers")) {
            if (HELM_LAYER.equals(layer.path("mediaType").asText())) {
                String digest = layer.path("digest").asText();
                if (!digest.startsWith("sha256:")) {
                    throw new ChartRepository.PullException(repo + "/" + name + ":" + tag + " gives the chart layer "
                            + "digest " + digest + ", not sha256: the archive cannot be checked");
                }
                byte[] archive = get(URI.create(base + "/blobs/" + digest), "*/*");
                String actual = ChartRepository.sha256(archive);
                if (!("sha256:" + actual).equals(digest)) {
                    throw new ChartRepository.PullException("digest mismatch for " + repo + "/" + name + ":" + tag
                            + ": the manifest says " + digest + ", the blob is sha256:" + actual);
                }
                return archive;
            }
        }
        throw new ChartRepository.PullException(repo + "/" + name + ":" + tag + " has no Helm chart layer");
    }

    private byte[] get(URI uri, String accept) throws ChartRepository.PullException {
        HttpResponse<byte[]> response = send(uri, accept, authorization());
        if (response.statusCode() == 401 && token == null) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            if (challenge.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
                token = token(challenge);
                response = send(uri, accept, "Bearer " + token);
            }
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ChartRepository.PullException("GET " + uri + " answered HTTP " + response.statusCode()
                    + ": authentication refused (" + (credential != null ? credential.describe()
                    : "no chart credential covers this repository") + ")");
        }
        if (response.statusCode() == 404) {
            throw new ChartRepository.PullException("GET " + uri + " answered HTTP 404: no such chart or version in "
                    + "the registry");
        }
        if (response.statusCode() != 200) {
            throw new ChartRepository.PullException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private String authorization() throws ChartRepository.PullException {
        return token != null ? "Bearer " + token : credential != null ? credential.authorization() : null;
    }

    /** The registry's token service (Docker token authentication), with the credential as basic auth if any. */
    private String token(String challenge) throws ChartRepository.PullException {
        Map<String, String> params = new java.util.HashMap<>();
        Matcher m = PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        String realm = params.get("realm");
        if (realm == null) {
            throw new ChartRepository.PullException("the registry asked for a token without a realm: " + challenge);
        }
        StringBuilder url = new StringBuilder(realm);
        String sep = realm.contains("?") ? "&" : "?";
        for (String key : new String[] {"service", "scope"}) {
            if (params.containsKey(key)) {
                url.append(sep).append(key).append('=').append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
                sep = "&";
            }
        }
        HttpResponse<byte[]> response = send(URI.create(url.toString()), "application/json",
                credential != null && credential.tokenFile() == null ? credential.authorization() : null);
        if (response.statusCode() != 200) {
            throw new ChartRepository.PullException("token request to " + realm + " answered HTTP "
                    + response.statusCode() + " (" + (credential != null ? credential.describe()
                    : "no chart credential covers this repository") + ")");
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            String value = body.path("token").asText(body.path("access_token").asText(""));
            if (value.isEmpty()) {
                throw new ChartRepository.PullException("token response of " + realm + " holds no token");
            }
            return value;
        } catch (IOException e) {
            throw new ChartRepository.PullException("token response of " + realm + " is not valid JSON");
        }
    }

    private HttpResponse<byte[]> send(URI uri, String accept, String authorization) throws ChartRepository.PullException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", accept).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ChartRepository.PullException("GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChartRepository.PullException("GET " + uri + " was interrupted");
        }
    }
}
