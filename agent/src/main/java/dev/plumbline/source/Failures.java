package dev.plumbline.source;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.eclipse.jgit.errors.NoRemoteRepositoryException;

import dev.plumbline.source.SourceException.Reason;

/**
 * Turns JGit's exceptions into {@link SourceException}s that say what failed and where, which credential was used,
 * and why. JGit reports many causes only as text, so part of the classification reads the messages. Causes are
 * chained as copies with masked URLs: JGit prints the user part of a URL, which over HTTP may be the token.
 */
final class Failures {

    private static final Pattern AUTH = Pattern.compile("not authorized|authentication is required|auth fail"
            + "|authentication failed|no more authentication methods|not permitted|access denied|\\b40[13]\\b");
    private static final Pattern UNREACHABLE = Pattern.compile("connection refused|timed out|unknown host"
            + "|unresolved address|no route to host|network is unreachable|connection reset");
    private static final Pattern NOT_FOUND = Pattern.compile("not found|does not appear to be a git repository"
            + "|not a git repository|not exported|no such repository");

    private Failures() {
    }

    static SourceException translate(String step, Remote remote, Exception e) {
        String subject = "git " + step + " " + remote.url() + " failed: ";
        Throwable cause = scrubbed(e, 0);
        KnownHosts.Rejection rejection = remote.hostKeyRejection().orElse(null);
        if (rejection != null) {
            return new SourceException(rejection.config() ? Reason.INVALID_CONFIG : Reason.UNTRUSTED_SERVER,
                    subject + rejection.message(), cause);
        }
        Reason reason = classify(e);
        return new SourceException(reason, subject + describe(reason, remote, e), cause);
    }

    static Reason classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return Reason.NOT_FOUND;
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException || t instanceof PortUnreachableException) {
                return Reason.UNREACHABLE;
            }
            if (t instanceof SSLException || t instanceof CertificateException || t instanceof CertPathValidatorException) {
                return Reason.UNTRUSTED_SERVER;
            }
        }
        String text = messages(e);
        if (AUTH.matcher(text).find()) {
            return Reason.AUTH_REFUSED;
        }
        if (UNREACHABLE.matcher(text).find()) {
            return Reason.UNREACHABLE;
        }
        return NOT_FOUND.matcher(text).find() ? Reason.NOT_FOUND : Reason.FAILED;
    }

    private static String describe(Reason reason, Remote remote, Throwable e) {
        String root = rootMessage(e);
        return switch (reason) {
            case AUTH_REFUSED -> "authentication refused (credential: " + remote.credential() + ")"
                    + remote.keyProblem().map(problem -> ": " + problem).orElse("");
            case UNREACHABLE -> "cannot reach " + endpoint(remote) + " (" + root + ")";
            case UNTRUSTED_SERVER -> "TLS certificate of " + endpoint(remote) + " is not trusted by "
                    + (remote.options().caBundleFile() == null ? "the JVM trust store"
                    : "ca-bundle-file " + remote.options().caBundleFile()) + " (" + root + ")";
            case NOT_FOUND -> "repository not found (" + root + ")";
            default -> root;
        };
    }

    private static String endpoint(Remote remote) {
        int port = remote.uri().getPort();
        String host = remote.uri().getHost();
        return port > 0 ? host + ":" + port : host;
    }

    /** The innermost message: JGit wraps "Connection refused" in several layers of "cannot open git-upload-pack". */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        String message = null;
        for (int depth = 0; root != null && depth < 20; root = root.getCause(), depth++) {
            if (root.getMessage() != null && !root.getMessage().isBlank()) {
                message = root.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : MaskedUrl.scrub(message.strip());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null && all.length() < 10_000; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString().toLowerCase(Locale.ROOT);
    }

    /** A copy of the cause chain with URLs masked in every message; stack traces are kept for debugging. */
    static Throwable scrubbed(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        Scrubbed copy = new Scrubbed(t.getClass().getName() + ": " + MaskedUrl.scrub(t.getMessage()), scrubbed(t.getCause(), depth + 1));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** Stands in for a JGit exception whose message may have carried credentials. */
    static final class Scrubbed extends RuntimeException {
        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
