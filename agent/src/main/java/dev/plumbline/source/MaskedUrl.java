package dev.plumbline.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository URL that prints without credentials. {@code https://user:token@host/x.git} prints as
 * {@code https://***@host/x.git}: over HTTP the user part is often the token itself, so all of it goes. Over SSH the
 * user name ({@code ssh://git@host/...}) is not a secret and stays; a password after it does not.
 * Only {@link #raw()} is handed to JGit; everything that is printed goes through {@link #toString()}.
 */
public final class MaskedUrl {

    private static final Pattern USERINFO = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*)://([^/@\\s]+)@");

    private final String raw;
    private final String masked;

    private MaskedUrl(String raw) {
        this.raw = raw;
        this.masked = scrub(raw);
    }

    public static MaskedUrl of(String url) {
        return new MaskedUrl(url);
    }

    /** The URL as configured, credentials included. For JGit only; never print it. */
    public String raw() {
        return raw;
    }

    public String masked() {
        return masked;
    }

    /** Masks the user part of every URL that occurs in a free text (for example a JGit error message). */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "://" + maskUserInfo(m.group(1), m.group(2)) + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String maskUserInfo(String scheme, String userInfo) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean ssh = s.equals("ssh") || s.equals("git+ssh") || s.equals("ssh+git");
        if (!ssh) {
            return "***";
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 ? userInfo : userInfo.substring(0, colon) + ":***";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaskedUrl other && other.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return masked;
    }
}
