package dev.plumbline.source;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's identity for ownership (DESIGN "Ownership and trust"): one spelling per repository, without
 * credentials, so that the owner recorded in the cluster never holds a secret and the same repository configured
 * another way is still the same owner. {@code https://user:token@Git.Example.com:443/acme/deploy.git/} and
 * {@code https://git.example.com/acme/deploy} are both {@code https://git.example.com/acme/deploy};
 * {@code git@host:acme/deploy.git} and {@code ssh://git@host:22/acme/deploy} are both {@code ssh://host/acme/deploy};
 * a local path and its {@code file://} URL (the checkout or its {@code .git} folder) are {@code file:///abs/path}.
 * Path case is kept: most Git hosts treat paths as case-sensitive. {@link #identity} adds the one rule that needs the
 * file system: a local clone stands for the repository it was cloned from.
 */
public final class SourceUrl {

    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(?:[^/@]*@)?([^/:]*)(?::(\\d*))?(/.*)?");
    private static final Pattern SCP = Pattern.compile("(?:[^@/:]+@)?([^/:]+):(?!//)(.*)");

    private SourceUrl() {
    }

    /** The normalized form of {@code url} ({@code ""} for null or blank: a source that names no repository). */
    public static String normalize(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String u = url.strip();
        Matcher m = URL.matcher(u);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            scheme = scheme.equals("git+ssh") || scheme.equals("ssh+git") ? "ssh" : scheme;
            if (scheme.equals("file")) {
                return "file://" + localPath(m.group(4) == null ? "/" : m.group(4));
            }
            String port = m.group(3) == null || m.group(3).isEmpty() || m.group(3).equals(defaultPort(scheme)) ? ""
                    : ":" + m.group(3);
            return scheme + "://" + m.group(2).toLowerCase(Locale.ROOT) + port + repoPath(m.group(4) == null ? "" : m.group(4));
        }
        Matcher scp = SCP.matcher(u);
        if (scp.matches() && !u.startsWith("/") && !u.startsWith(".") && !scp.group(1).contains("\\")) {
            String path = scp.group(2).startsWith("/") ? scp.group(2) : "/" + scp.group(2);
            return "ssh://" + scp.group(1).toLowerCase(Locale.ROOT) + repoPath(path);
        }
        return "file://" + localPath(u);
    }

    /**
     * The repository {@code url} stands for: its {@link #normalize normalized} form, except that a local checkout or
     * bare clone with an {@code origin} remote stands for that remote (one hop). The agent and the CLI both name their
     * source this way, so a CI job's clone, the demo's checkout and an agent following the remote itself are one
     * source, and never a Conflict with each other (DESIGN "Ownership and trust").
     */
    public static String identity(String url) {
        String normalized = normalize(url);
        if (!normalized.startsWith("file://")) {
            return normalized;
        }
        String raw = url.strip();
        // the path as given: normalize() drops a bare repository's ".git", which the file system still has
        Path dir = Path.of(raw.regionMatches(true, 0, "file://", 0, 7) ? raw.substring(7) : raw).toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            return normalized;
        }
        // findGitDir: the checkout's .git, a bare repository itself, or the checkout a folder of it belongs to
        try (Repository repository = new FileRepositoryBuilder().findGitDir(dir.toFile()).setMustExist(true).build()) {
            String origin = repository.getConfig().getString("remote", "origin", "url");
            return origin == null || origin.isBlank() ? normalized : normalize(origin);
        } catch (IOException | IllegalArgumentException e) {
            return normalized; // not a Git repository: its path is its identity (opening it reports the error)
        }
    }

    /** Without trailing slashes and {@code .git}: {@code /acme/deploy.git/} is {@code /acme/deploy}. */
    private static String repoPath(String path) {
        String p = path.replaceAll("/+$", "");
        p = p.endsWith(".git") ? p.substring(0, p.length() - 4) : p;
        return p.replaceAll("/+$", "");
    }

    /** An absolute, normalized local path; a checkout's {@code .git} folder stands for the checkout. */
    private static String localPath(String path) {
        String p = Path.of(path).toAbsolutePath().normalize().toString().replace('\\', '/');
        if (p.endsWith("/.git")) {
            p = p.substring(0, p.length() - 5);
        } else if (p.endsWith(".git") && p.length() > 4) {
            p = p.substring(0, p.length() - 4); // a bare repository's conventional suffix
        }
        return p.isEmpty() ? "/" : p;
    }

    private static String defaultPort(String scheme) {
        return switch (scheme) {
            case "https" -> "443";
            case "http" -> "80";
            case "ssh" -> "22";
            case "git" -> "9418";
            default -> "";
        };
    }
}
