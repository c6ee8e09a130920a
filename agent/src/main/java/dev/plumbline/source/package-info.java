/**
 * Git as Plumbline reads it: a bare cache per repository, cheap change detection, revisions resolved to commits,
 * and files read straight from commit trees.
 *
 * <h2>Semantics</h2>
 * <ul>
 * <li><b>Cache.</b> {@link dev.plumbline.source.GitSource} clones once into a bare repository under
 *     {@code cache-dir}, in a folder named {@code <repo>-<hash of the masked URL>} (so rotating a token keeps the
 *     cache), and afterwards only fetches. Branches and tags are mirrored (force-updated, deleted ones pruned).
 *     A clone is made in a temporary folder and renamed into place, so a crash never leaves a half cache behind.
 *     A cache whose objects are missing or damaged is re-cloned once, and that is reported
 *     ({@code cache … corrupt (…), re-cloning}); if the fresh clone is broken too, the error is
 *     {@code CORRUPT_CACHE}.</li>
 * <li><b>Polling.</b> {@link dev.plumbline.source.GitSource#remoteHead()} and
 *     {@link dev.plumbline.source.GitSource#changed(String)} cost one ls-remote of the followed branch (protocol v2
 *     lists just that ref), no fetch, so polling every few seconds is affordable.
 *     {@link dev.plumbline.source.GitSource#sync()} fetches only when the remote branch differs from the cache.</li>
 * <li><b>Revisions.</b> {@link dev.plumbline.source.GitSource#resolve(String)} accepts a full ref
 *     ({@code refs/...}), a branch, a tag (annotated tags are peeled), a full SHA or an unambiguous short SHA of at
 *     least 4 characters, in that order. It answers from the cache and fetches only when the cache does not know
 *     the revision; a commit must be reachable from some branch or tag.</li>
 * <li><b>Trees.</b> {@link dev.plumbline.source.CommitTree} reads one commit (no working tree), so a render never
 *     mixes two commits. Symbolic links are followed only while they stay inside the repository; a link leaving it
 *     is an error ({@code is a link that leaves the repository}). Submodules are not supported and say so.</li>
 * <li><b>Concurrency.</b> One source may serve a scheduler and HTTP requests at once: fetches into one cache are
 *     serialized (a lock per cache folder, plus a file lock because the CLI and the agent may share a cache);
 *     resolving and reading run concurrently.</li>
 * <li><b>Credentials and trust.</b> Secrets are files (Kubernetes Secret volumes), re-read for every connection.
 *     HTTP(S): {@code token-file} (sent as the password of user {@code git}, or of {@code username-file}), or
 *     {@code username-file} + {@code password-file}; {@code ca-bundle-file} replaces the JVM trust store for this
 *     URL only. SSH: {@code ssh-key-file} (+ {@code ssh-key-passphrase-file}); {@code known-hosts-file} is required,
 *     and an unknown or changed host key is refused, never learned. Nothing is read from {@code ~/.ssh}, no ssh
 *     config and no ssh-agent are used. {@code git://}, {@code file://} and local paths take no credentials.</li>
 * <li><b>Errors.</b> {@link dev.plumbline.source.SourceException} with a
 *     {@link dev.plumbline.source.SourceException.Reason}; text reads {@code <subject> <step> failed: <cause>} and
 *     names the credential used, never its value. URLs are printed masked ({@link dev.plumbline.source.MaskedUrl}):
 *     {@code git fetch https://***@git.example.com/acme/deploy.git failed: authentication refused
 *     (credential: token-file /etc/plumbline/git/token)}.</li>
 * </ul>
 *
 * <h2>Configuration</h2>
 * <pre>{@code
 * plumbline:
 *   repo:
 *     url: https://git.example.com/acme/deploy.git   # or ssh://git@host/acme/deploy.git, git@host:acme/deploy.git,
 *     branch: main                                   #    git://host/deploy, file:///srv/git/deploy.git, /srv/deploy
 *     token-file: /etc/plumbline/git/token           # https; or username-file + password-file
 *     ca-bundle-file: /etc/plumbline/git/ca.pem      # https, optional: private CA
 *     # ssh-key-file: /etc/plumbline/git/id_ed25519
 *     # ssh-key-passphrase-file: /etc/plumbline/git/passphrase
 *     # known-hosts-file: /etc/plumbline/git/known_hosts   # required for ssh
 *     cache-dir: /var/cache/plumbline
 * }</pre>
 *
 * <pre>{@code
 * try (GitSource source = new GitSource(GitSourceOptions.defaults().withUrl(url).withTokenFile(token))) {
 *     if (source.changed(lastSha)) {
 *         Revision head = source.sync();
 *         RepoTree tree = source.tree(head);        // render from here
 *     }
 * }
 * }</pre>
 */
package dev.plumbline.source;
