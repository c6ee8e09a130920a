package dev.plumbline.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.plumbline.source.Remote.Kind;
import dev.plumbline.source.SourceException.Reason;

/** Refuses contradictory options up front, so a typo is a clear error instead of an anonymous fetch. */
final class RemoteConfigCheck {

    private RemoteConfigCheck() {
    }

    static void validate(GitSourceOptions o, Kind kind, MaskedUrl url) {
        String problem = switch (kind) {
            case HTTP -> http(o, url);
            case SSH -> ssh(o);
            case LOCAL, GIT -> set(o.tokenFile(), o.usernameFile(), o.passwordFile(), o.caBundleFile(), o.sshKeyFile(),
                    o.sshKeyPassphraseFile(), o.knownHostsFile()) ? "credentials and trust files do not apply to "
                    + (kind == Kind.GIT ? "git://" : "local") + " URLs" : null;
        };
        if (problem != null) {
            throw new SourceException(Reason.INVALID_CONFIG, "git source " + url + " configuration failed: " + problem);
        }
    }

    private static String http(GitSourceOptions o, MaskedUrl url) {
        if (set(o.sshKeyFile(), o.sshKeyPassphraseFile(), o.knownHostsFile())) {
            return "ssh-key-file, ssh-key-passphrase-file and known-hosts-file apply to ssh URLs only";
        }
        if (o.tokenFile() != null && o.passwordFile() != null) {
            return "set token-file or password-file, not both";
        }
        if (o.passwordFile() != null && o.usernameFile() == null) {
            return "password-file needs username-file";
        }
        if (o.usernameFile() != null && o.tokenFile() == null && o.passwordFile() == null) {
            return "username-file needs password-file or token-file";
        }
        if (o.caBundleFile() != null && !url.raw().regionMatches(true, 0, "https:", 0, 6)) {
            return "ca-bundle-file applies to https URLs only";
        }
        return null;
    }

    private static String ssh(GitSourceOptions o) {
        List<String> httpOnly = new ArrayList<>();
        if (o.tokenFile() != null) {
            httpOnly.add("token-file");
        }
        if (o.usernameFile() != null || o.passwordFile() != null) {
            httpOnly.add("username-file/password-file");
        }
        if (o.caBundleFile() != null) {
            httpOnly.add("ca-bundle-file");
        }
        if (!httpOnly.isEmpty()) {
            return String.join(", ", httpOnly) + " apply to http(s) URLs only";
        }
        if (o.knownHostsFile() == null) {
            return "known-hosts-file is required for ssh URLs (unknown host keys are never accepted)";
        }
        if (o.sshKeyPassphraseFile() != null && o.sshKeyFile() == null) {
            return "ssh-key-passphrase-file needs ssh-key-file";
        }
        return null;
    }

    private static boolean set(Path... files) {
        for (Path f : files) {
            if (f != null) {
                return true;
            }
        }
        return false;
    }
}
