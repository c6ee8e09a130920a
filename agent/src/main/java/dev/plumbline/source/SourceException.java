package dev.plumbline.source;

import dev.plumbline.resource.PlumblineException;

/**
 * A Git source could not deliver: the remote could not be reached or refused us, a revision is unknown, the cache is
 * broken, or the configuration is wrong. Messages read {@code <subject> <step> failed: <cause>}, name the credential
 * that was used (never its value) and print URLs masked.
 */
public class SourceException extends PlumblineException {

    /** What kind of failure, so callers (health, API, retries) can react without parsing text. */
    public enum Reason {
        /** The options are contradictory or a referenced file is missing; retrying will not help. */
        INVALID_CONFIG,
        /** The host could not be reached (refused, unknown host, timeout). Transient as a rule. */
        UNREACHABLE,
        /** The server refused the credential, or required one and none was configured. */
        AUTH_REFUSED,
        /** The server's SSH host key or TLS certificate is not trusted. Never accepted automatically. */
        UNTRUSTED_SERVER,
        /** The server answered, but there is no repository at that URL. */
        NOT_FOUND,
        /** A branch, tag or commit does not exist (or a short SHA is ambiguous). */
        UNKNOWN_REVISION,
        /** The local cache is broken and re-cloning did not repair it. */
        CORRUPT_CACHE,
        /** Anything else: the message carries the cause. */
        FAILED
    }

    private final Reason reason;

    public SourceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SourceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
