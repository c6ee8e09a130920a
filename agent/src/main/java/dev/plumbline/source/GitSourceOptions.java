package dev.plumbline.source;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where a {@link GitSource} fetches from and how it authenticates. Secrets are given as files (Kubernetes Secret
 * volumes) and are re-read on every connection, so a rotated token is picked up without a restart.
 *
 * @param url                  {@code https://}, {@code http://}, {@code ssh://}, scp-style {@code git@host:org/repo.git},
 *                             {@code git://}, {@code file://} or a local path (a working copy with {@code .git}, or bare)
 * @param branch               the branch {@link GitSource#sync()} follows
 * @param cacheDir             the bare caches live in sub folders of this directory, one per URL
 * @param tokenFile            HTTP(S): a token, sent as the password of user {@code git} (or of the user in
 *                             {@code usernameFile})
 * @param usernameFile         HTTP(S): user name, with {@code passwordFile} or {@code tokenFile}
 * @param passwordFile         HTTP(S): password, with {@code usernameFile}
 * @param caBundleFile         HTTPS: PEM certificates; when set, only these CAs are trusted for this URL
 * @param sshKeyFile           SSH: private key (OpenSSH or PEM format)
 * @param sshKeyPassphraseFile SSH: passphrase of an encrypted private key
 * @param knownHostsFile       SSH: required; the only host keys that are accepted
 * @param timeouts             network and lock timeouts
 */
public record GitSourceOptions(String url, String branch, Path cacheDir, Path tokenFile, Path usernameFile,
                               Path passwordFile, Path caBundleFile, Path sshKeyFile, Path sshKeyPassphraseFile,
                               Path knownHostsFile, Timeouts timeouts) {

    /**
     * @param network a connect or read that stalls this long fails the operation (JGit has one timeout for both)
     * @param lock    how long a fetch waits for another fetch into the same cache before giving up
     */
    public record Timeouts(Duration network, Duration lock) {
        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(60), Duration.ofMinutes(5));
        }
    }

    public GitSourceOptions {
        branch = branch == null || branch.isBlank() ? "main" : branch;
        cacheDir = cacheDir == null ? defaultCacheDir() : cacheDir;
        timeouts = timeouts == null ? Timeouts.defaults() : timeouts;
    }

    /** No URL yet, branch {@code main}, cache under {@code ~/.cache/plumbline/git}, no credentials. */
    public static GitSourceOptions defaults() {
        return new GitSourceOptions(null, "main", null, null, null, null, null, null, null, null, null);
    }

    private static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "plumbline", "git");
    }

    public GitSourceOptions withUrl(String v) {
        return new GitSourceOptions(v, branch, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withBranch(String v) {
        return new GitSourceOptions(url, v, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withCacheDir(Path v) {
        return new GitSourceOptions(url, branch, v, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withTokenFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, v, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withUsernameFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, v, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withPasswordFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, v, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withCaBundleFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, passwordFile, v,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withSshKeyFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                v, sshKeyPassphraseFile, knownHostsFile, timeouts);
    }

    public GitSourceOptions withSshKeyPassphraseFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, v, knownHostsFile, timeouts);
    }

    public GitSourceOptions withKnownHostsFile(Path v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, v, timeouts);
    }

    public GitSourceOptions withTimeouts(Timeouts v) {
        return new GitSourceOptions(url, branch, cacheDir, tokenFile, usernameFile, passwordFile, caBundleFile,
                sshKeyFile, sshKeyPassphraseFile, knownHostsFile, v);
    }
}
