package dev.plumbline.source;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

import dev.plumbline.source.SourceException.Reason;

/**
 * The remote end of one source: what kind of URL it is, which credential and trust apply, and the two network
 * operations Plumbline needs: ls-remote of one branch (cheap, for polling) and a fetch of all branches and tags.
 */
final class Remote implements AutoCloseable {

    enum Kind { LOCAL, HTTP, SSH, GIT }

    /** Branches and tags, force-updated and pruned: the cache mirrors the remote, so any branch or tag resolves. */
    private static final List<RefSpec> MIRROR = List.of(
            new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"));

    @FunctionalInterface
    private interface TransportAction<T> {
        T run(Transport transport) throws Exception;
    }

    private final GitSourceOptions options;
    private final MaskedUrl url;
    private final URIish uri;
    private final Kind kind;
    private final HttpAccess http;
    private final SshAccess ssh;

    Remote(GitSourceOptions options, MaskedUrl url, Path sshHome) {
        this.options = options;
        this.url = url;
        try {
            this.uri = new URIish(url.raw());
        } catch (URISyntaxException e) {
            throw new SourceException(Reason.INVALID_CONFIG, "git source " + url + " configuration failed: not a valid URL");
        }
        this.kind = kindOf(uri, url);
        RemoteConfigCheck.validate(options, kind, url);
        this.http = kind == Kind.HTTP ? new HttpAccess(options.tokenFile(), options.usernameFile(),
                options.passwordFile(), options.caBundleFile()) : null;
        this.ssh = kind == Kind.SSH ? new SshAccess(options.sshKeyFile(), options.sshKeyPassphraseFile(),
                options.knownHostsFile(), sshHome) : null;
    }

    static Kind kindOf(URIish uri, MaskedUrl url) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "" -> uri.getHost() == null ? Kind.LOCAL : Kind.SSH; // scp-style: git@host:org/repo.git
            case "file" -> Kind.LOCAL;
            case "http", "https" -> Kind.HTTP;
            case "ssh", "git+ssh", "ssh+git" -> Kind.SSH;
            case "git" -> Kind.GIT;
            default -> throw new SourceException(Reason.INVALID_CONFIG, "git source " + url
                    + " configuration failed: unsupported scheme '" + scheme + "' (use https, http, ssh, git, file or a path)");
        };
    }

    MaskedUrl url() {
        return url;
    }

    URIish uri() {
        return uri;
    }

    GitSourceOptions options() {
        return options;
    }

    /** Which credential is used, by option and file, never by value: goes into every authentication error. */
    String credential() {
        if (kind == Kind.SSH) {
            return options.sshKeyFile() == null ? "no ssh-key-file" : "ssh-key-file " + options.sshKeyFile();
        }
        if (kind == Kind.HTTP) {
            String user = options.usernameFile() == null ? "" : "username-file " + options.usernameFile() + ", ";
            if (options.tokenFile() != null) {
                return user + "token-file " + options.tokenFile();
            }
            if (options.passwordFile() != null) {
                return user + "password-file " + options.passwordFile();
            }
            return uri.getUser() != null ? "user info in the URL" : "none";
        }
        return "none";
    }

    /** Host key or file problem the SSH layer refused with, if that is why the last operation failed. */
    Optional<KnownHosts.Rejection> hostKeyRejection() {
        return ssh == null ? Optional.empty() : Optional.ofNullable(ssh.knownHosts().takeRejection());
    }

    /** Why the SSH key could not be used (encrypted without passphrase, wrong passphrase), if so. */
    Optional<String> keyProblem() {
        return ssh == null ? Optional.empty() : ssh.keyProblem();
    }

    /** ls-remote of one branch; in protocol v2 only that ref is listed, so polling stays cheap on big repos. */
    Optional<ObjectId> head(String branch) {
        String ref = Constants.R_HEADS + branch;
        return run("ls-remote", null, transport -> {
            try (FetchConnection connection = transport.openFetch(List.of(new RefSpec(ref)))) {
                return Optional.ofNullable(connection.getRef(ref)).map(Ref::getObjectId);
            }
        });
    }

    /** Mirrors branches and tags into {@code repository}; deleted branches and tags disappear from the cache. */
    void fetch(Repository repository, ProgressMonitor monitor) {
        FetchResult result = run("fetch", repository, transport -> {
            transport.setRemoveDeletedRefs(true);
            transport.setTagOpt(TagOpt.NO_TAGS);
            return transport.fetch(monitor, MIRROR);
        });
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result r = update.getResult();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE || r == RefUpdate.Result.REJECTED) {
                throw new SourceException(Reason.FAILED, "git fetch " + url + " failed: cache ref "
                        + update.getLocalName() + " could not be updated (" + r + ")");
            }
        }
    }

    private <T> T run(String step, Repository repository, TransportAction<T> action) {
        if (ssh != null) {
            ssh.reset(); // forget a host key rejection or key problem left over from an earlier operation
        }
        try (Transport transport = open(step, repository)) {
            transport.setTimeout(Math.max(1, (int) options.timeouts().network().toSeconds()));
            if (http != null) {
                http.configure(transport);
            }
            if (ssh != null) {
                ssh.configure(transport);
            }
            return action.run(transport);
        } catch (SourceException e) {
            // a credential or trust file failed to load while configuring: say which operation it broke
            throw e.getMessage().startsWith("git ") ? e
                    : new SourceException(e.reason(), "git " + step + " " + url + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw Failures.translate(step, this, e);
        }
    }

    private Transport open(String step, Repository repository) throws Exception {
        preflight();
        return repository == null ? Transport.open(uri) : Transport.open(repository, uri);
    }

    /** Fails early, with the option's name, on files that JGit would only report vaguely. */
    private void preflight() {
        if (kind == Kind.LOCAL) {
            File dir = new File(uri.getPath());
            if (RepositoryCache.FileKey.resolve(dir, FS.DETECTED) == null) {
                throw new SourceException(Reason.NOT_FOUND, "no Git repository at " + dir);
            }
        }
        if (kind == Kind.SSH) {
            Secrets.requireReadable(options.knownHostsFile(), "known-hosts-file");
            if (options.sshKeyFile() != null) {
                Secrets.requireReadable(options.sshKeyFile(), "ssh-key-file");
            }
        }
        if (kind == Kind.HTTP && options.caBundleFile() != null) {
            Secrets.requireReadable(options.caBundleFile(), "ca-bundle-file");
        }
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
