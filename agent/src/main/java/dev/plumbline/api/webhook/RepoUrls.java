package dev.plumbline.api.webhook;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a repository URL to {@code host/path} so the forms one repository is known by compare equal:
 * {@code https://user:token@GitHub.com/acme/deploy.git/}, {@code ssh://git@github.com:22/acme/deploy} and
 * {@code git@github.com:acme/deploy.git} all become {@code github.com/acme/deploy}. Credentials, scheme, port,
 * a {@code .git} suffix and trailing slashes go; the host is lower-cased, the path keeps its case (paths are
 * case-sensitive on most servers). A local path or {@code file://} URL becomes its absolute path.
 */
final class RepoUrls {

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://([^/]*)(.*)$");
    private static final Pattern SCP = Pattern.compile("^(?:[^@/]+@)?([^:/]+):(?!//)(.*)$");

    private RepoUrls() {
    }

    static String normalize(String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        String u = url.trim();
        Matcher scheme = SCHEME.matcher(u);
        if (scheme.matches()) {
            if (scheme.group(1).equalsIgnoreCase("file")) {
                return path(scheme.group(2) + scheme.group(3));
            }
            return host(scheme.group(2)) + path(scheme.group(3));
        }
        Matcher scp = SCP.matcher(u);
        if (!u.startsWith("/") && !u.startsWith(".") && scp.matches()) {
            return scp.group(1).toLowerCase(Locale.ROOT) + path("/" + scp.group(2));
        }
        return path(u);
    }

    /** {@code user:pass@Host:port} → {@code host}. */
    private static String host(String authority) {
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (host.startsWith("[")) { // IPv6 literal: the port follows the bracket
            int end = host.indexOf(']');
            return host.substring(0, end + 1).toLowerCase(Locale.ROOT);
        }
        int colon = host.indexOf(':');
        return (colon < 0 ? host : host.substring(0, colon)).toLowerCase(Locale.ROOT);
    }

    private static String path(String path) {
        String p = path.replaceAll("/{2,}", "/");
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith(".git")) {
            p = p.substring(0, p.length() - ".git".length());
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
