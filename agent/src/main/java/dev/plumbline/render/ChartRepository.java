package dev.plumbline.render;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Pulls a packaged chart ({@code .tgz}) from an OCI registry ({@link OciChartRegistry}) or from an HTTP(S) chart
 * repository as {@code helm pull --repo} does: reads the
 * repository's {@code index.yaml}, takes the entry of the exact version, downloads its first URL and checks the
 * archive's SHA-256 against the index's {@code digest}. Archives are kept in a cache folder keyed by repository,
 * name and version, so a chart is pulled once: a published chart version is immutable, and the digest was checked
 * before the archive entered the cache. Thread-safe: an archive enters the cache by an atomic move. A repository that
 * needs a credential gets the one {@link ChartCredentials} configures for it, on its own origin only.
 */
final class ChartRepository {

    /** Larger than any real index (Bitnami's is about 20 MB) and any chart archive. */
    private static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Every plain scalar as text: a digest of only digits stays a string, a version {@code 1.10} is not the number 1.1.
     */
    private static final Resolver TEXT = new Resolver() {
        @Override
        protected void addImplicitResolvers() {
            // none: no int, float, bool or null
        }
    };

    /** A pull that failed; the message names what and why, the caller adds the chart and the file:line. */
    static final class PullException extends Exception {
        PullException(String message) {
            super(message);
        }
    }

    private final Path cacheDir;
    private final Path credentialsFile;
    private HttpClient client; // created on the first pull: most renders pull nothing, and a client starts a thread

    /** @param credentialsFile the operator's chart credentials ({@link ChartCredentials}), or null: none */
    ChartRepository(Path cacheDir, Path credentialsFile) {
        this.cacheDir = cacheDir;
        this.credentialsFile = credentialsFile;
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    /** The cached archive of {@code name} at {@code version} from {@code repo}, pulled first if not cached. */
    Path pull(String repo, String name, String version) throws PullException {
        Path cached = cacheDir.resolve(sha256(repo.getBytes(StandardCharsets.UTF_8)).substring(0, 16))
                .resolve(name + "-" + version + ".tgz");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        ChartCredentials.Credential credential = ChartCredentials.forRepository(credentialsFile, repo);
        if (repo.startsWith("oci://")) { // content-addressed: the blob's digest is the check
            return store(cached, new OciChartRegistry(client(), credential).pull(repo, name, version));
        }
        Map<String, Object> entry = entry(index(repo, credential), repo, name, version);
        List<?> urls = entry.get("urls") instanceof List<?> l ? l : List.of();
        if (urls.isEmpty() || !(urls.get(0) instanceof String url)) {
            throw new PullException("index.yaml of " + repo + " lists no URL for " + name + " " + version);
        }
        if (!(entry.get("digest") instanceof String digest) || digest.isBlank()) {
            throw new PullException("index.yaml of " + repo + " gives no digest for " + name + " " + version
                    + ": the archive cannot be checked");
        }
        URI archiveUri = URI.create(repo + "/").resolve(url);
        byte[] archive = get(archiveUri, ChartCredentials.sameOrigin(repo, archiveUri) ? credential : null);
        String actual = sha256(archive);
        if (!actual.equalsIgnoreCase(digest.trim())) {
            throw new PullException("digest mismatch for " + archiveUri + ": index.yaml says sha256 " + digest.trim()
                    + ", the archive is " + actual);
        }
        return store(cached, archive);
    }

    private Map<String, Object> index(String repo, ChartCredentials.Credential credential) throws PullException {
        byte[] bytes = get(URI.create(repo + "/index.yaml"), credential);
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                    options, TEXT);
            Object index = yaml.load(new String(bytes, StandardCharsets.UTF_8));
            return index instanceof Map<?, ?> m ? Values.map(m) : Map.of();
        } catch (RuntimeException e) {
            throw new PullException("index.yaml of " + repo + " is not valid YAML: " + e.getMessage());
        }
    }

    private static Map<String, Object> entry(Map<String, Object> index, String repo, String name, String version)
            throws PullException {
        if (!(index.get("entries") instanceof Map<?, ?> entries) || !(entries.get(name) instanceof List<?> versions)) {
            throw new PullException("chart " + name + " not found in " + repo + "/index.yaml");
        }
        StringBuilder known = new StringBuilder();
        for (Object v : versions) {
            if (v instanceof Map<?, ?> e && e.get("version") != null) {
                String listed = String.valueOf(e.get("version"));
                if (strip(listed).equals(strip(version))) {
                    return Values.map(e);
                }
                known.append(known.length() == 0 ? "" : ", ").append(listed);
            }
        }
        throw new PullException("chart " + name + " has no version " + version + " in " + repo + "/index.yaml"
                + " (it lists: " + known + ")");
    }

    private static String strip(String version) {
        return version.startsWith("v") ? version.substring(1) : version;
    }

    /** GET with the credential's Authorization header (none when null); an authentication failure names it. */
    private byte[] get(URI uri, ChartCredentials.Credential credential) throws PullException {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
            if (credential != null) {
                request.header("Authorization", credential.authorization());
            }
            HttpResponse<byte[]> response = client().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                throw new PullException("GET " + uri + " answered HTTP " + response.statusCode() + ": authentication "
                        + "refused (" + (credential != null ? credential.describe() : "no chart credential covers "
                        + "this repository" + (credentialsFile == null ? "; chart credentials are configured with "
                        + "-D" + RenderBudget.PREFIX + "chart-credentials" : " in " + credentialsFile)) + ")");
            }
            if (response.statusCode() != 200) {
                throw new PullException("GET " + uri + " answered HTTP " + response.statusCode());
            }
            if (response.body().length > MAX_BYTES) {
                throw new PullException("GET " + uri + " returned more than " + MAX_BYTES + " bytes");
            }
            return response.body();
        } catch (IOException e) {
            throw new PullException("GET " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PullException("GET " + uri + " was interrupted");
        }
    }

    private static Path store(Path cached, byte[] archive) throws PullException {
        try {
            Files.createDirectories(cached.getParent());
            Path temp = Files.createTempFile(cached.getParent(), ".pull-", ".tgz");
            Files.write(temp, archive);
            Files.move(temp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (IOException e) {
            throw new PullException("chart cache " + cached + " write failed: " + e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
