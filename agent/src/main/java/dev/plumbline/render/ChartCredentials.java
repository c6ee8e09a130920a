package dev.plumbline.render;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which credential a chart repository gets, as the operator configured it (never the repository in Git: a
 * kustomization names a chart repository, not its secret). One YAML file, {@link RenderOptions#chartCredentials()},
 * lists repositories by URL prefix; the secrets themselves are files (Kubernetes Secret volumes), as for Git, read
 * at every pull so a rotated secret is used without a restart:
 * <pre>{@code
 * repositories:
 * - url: https://charts.example.com/private     # this URL and every one below it; the longest prefix wins
 *   username-file: /etc/plumbline/charts/username
 *   password-file: /etc/plumbline/charts/password   # HTTP basic authentication
 * - url: https://charts.example.com/team
 *   token-file: /etc/plumbline/charts/token         # Authorization: Bearer
 * }</pre>
 * Messages name a credential by the file and line of its entry and its secret files, never by value.
 */
final class ChartCredentials {

    private static final Set<String> KEYS = Set.of("url", "username-file", "password-file", "token-file");

    /** One entry: the URL prefix, where it is written, and its secret files (token, or username + password). */
    record Credential(String url, String location, Path usernameFile, Path passwordFile, Path tokenFile) {

        /** The {@code Authorization} header value, read from the secret files now. */
        String authorization() throws ChartRepository.PullException {
            if (tokenFile != null) {
                return "Bearer " + secret(tokenFile);
            }
            String pair = secret(usernameFile) + ":" + secret(passwordFile);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        /** E.g. {@code chart credential /etc/plumbline/chart-credentials.yaml:3 (token-file /etc/.../token)}. */
        String describe() {
            return "chart credential " + location + " (" + (tokenFile != null ? "token-file " + tokenFile
                    : "username-file " + usernameFile + ", password-file " + passwordFile) + ")";
        }

        private String secret(Path file) throws ChartRepository.PullException {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ChartRepository.PullException(describe() + " cannot be used: " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
    }

    private ChartCredentials() {
    }

    /** The credential for {@code repo} from {@code file} (null: none configured), or null when no entry covers it. */
    static Credential forRepository(Path file, String repo) throws ChartRepository.PullException {
        Credential best = null;
        for (Credential c : read(file)) {
            String prefix = c.url().endsWith("/") ? c.url().substring(0, c.url().length() - 1) : c.url();
            boolean covers = repo.equals(prefix) || repo.startsWith(prefix + "/");
            if (covers && (best == null || prefix.length() > best.url().length())) {
                best = c;
            }
        }
        return best;
    }

    /** Every entry of the file (none when no file is configured); an unreadable or malformed file is an error. */
    static List<Credential> read(Path file) throws ChartRepository.PullException {
        if (file == null) {
            return List.of();
        }
        String name = file.toString();
        Problems problems = new Problems();
        List<Credential> out = new ArrayList<>();
        try {
            byte[] content = Files.readAllBytes(file);
            for (YamlReader.Document doc : YamlReader.defaults().read(name, content, true, problems)) {
                Fields root = new Fields(name, doc.lines(), Values.map(doc.root()), doc.line(), "chart credentials",
                        problems);
                root.checkKeys(Set.of("repositories"), Map.of());
                for (Fields entry : root.objects("repositories", "a chart credential")) {
                    Credential c = credential(entry, name);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        } catch (IOException e) {
            throw new ChartRepository.PullException("chart credentials file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException e) {
            throw new ChartRepository.PullException("chart credentials file " + file + " is not valid: " + e.getMessage());
        }
        if (problems.hasErrors()) {
            throw new ChartRepository.PullException("chart credentials file " + problems.errors().get(0));
        }
        return out;
    }

    private static Credential credential(Fields entry, String file) {
        entry.checkKeys(KEYS, Map.of("password", "a secret is never written in this file: use password-file",
                "token", "a secret is never written in this file: use token-file"));
        String url = entry.string("url");
        Path user = path(entry.string("username-file"));
        Path password = path(entry.string("password-file"));
        Path token = path(entry.string("token-file"));
        if (url == null || !url.matches("(?i)(https?|oci)://[^/@]+.*")) {
            entry.error("url", "a chart credential needs the `url` of a chart repository (https://host/path or "
                    + "oci://host/path), without user info");
            return null;
        }
        if (token != null ? user != null || password != null : user == null || password == null) {
            entry.error("", "a chart credential needs either token-file, or username-file and password-file");
            return null;
        }
        return new Credential(url, file + ":" + entry.line(), user, password, token);
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Credentials go to the repository's own origin only (Helm's default: no --pass-credentials to other hosts). */
    static boolean sameOrigin(String repo, URI target) {
        URI base = URI.create(repo);
        return base.getScheme().equalsIgnoreCase(target.getScheme())
                && base.getHost() != null && base.getHost().equalsIgnoreCase(target.getHost())
                && port(base) == port(target);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
