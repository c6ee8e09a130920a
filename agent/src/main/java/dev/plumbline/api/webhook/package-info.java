/**
 * {@code POST /api/v1/webhooks/git}: a Git push converges in seconds instead of at the next poll.
 *
 * <p>The endpoint authenticates by the sender's signature, not by the API's bearer token. The shared secret is read
 * from {@code plumbline.webhook.secret-file} on every request (a rotated Secret applies without a restart); with no
 * secret configured every webhook is refused. Checks, in this order:
 * <ol>
 *   <li>a body over 1 MiB is 413 (bodies over {@code micronaut.server.max-request-size} never reach the controller
 *       and get the same problem detail);</li>
 *   <li>the signature, over the raw body bytes, compared in constant time; bad or missing is 401, logged with the
 *       provider, the remote address and the reason, never the payload:
 *       GitHub {@code X-Hub-Signature-256: sha256=<hex>}, Gitea/Forgejo {@code X-Gitea-Signature}/{@code X-Forgejo-Signature:
 *       <hex>}, Bitbucket Cloud and Server {@code X-Hub-Signature: sha256=<hex>} (the older {@code sha1=} is refused),
 *       GitLab {@code X-Gitlab-Token: <secret>}, generic {@code X-Plumbline-Signature: sha256=<hex>};
 *       all HMAC-SHA256 with the secret as key;</li>
 *   <li>the event: a ping (GitHub {@code ping}, Bitbucket {@code diagnostics:ping}) is 200 {@code {"message":"pong"}},
 *       another non-push event is 202 and ignored;</li>
 *   <li>the repository: the payload's clone, SSH and web URLs are compared with {@code plumbline.repo.url} as
 *       {@code host/path} (credentials, scheme, port, {@code .git} and trailing slashes dropped; scp-style
 *       {@code git@host:org/repo} understood; host case-insensitive, path case-sensitive), and the ref with
 *       {@code plumbline.repo.branch}; another repository or branch is 202 {@code {"ignored": "…"}}.</li>
 * </ol>
 * A valid push triggers an immediate run (fetch + check) of the affected environments: those whose last render read a
 * changed file or listed the folder of an added one, or all of them when the payload does not list its files
 * completely (Bitbucket, force pushes, new branches, GitLab's 20-commit cap). A burst of pushes is coalesced: while a
 * run of an environment is pending, further pushes fold into it. The answer is 202
 * {@code {"environments": [...], "coalesced": [...], "revision": "<sha>"}}, {@code coalesced} naming those folded.
 *
 * <p>Latency: timer {@code plumbline.webhook.push.to.converged{environment}} and the log line
 * {@code <env>: push → converged in 812 ms}, from the push's arrival to the end of the first error-free run at the
 * pushed SHA. Until sync lands in the reconciler, a run is fetch + drift check, so "converged" means the drift report
 * is at the pushed revision. Counter {@code plumbline.webhook.requests{provider,outcome}} counts every request.
 *
 * <pre>{@code
 * plumbline:
 *   repo:
 *     url: https://git.example.com/acme/deploy.git
 *     branch: main
 *   webhook:
 *     secret-file: /etc/plumbline/webhook/secret
 * }</pre>
 *
 * Generic sender (CI, scripts): the body is {@code {"repository": "<url>", "ref": "refs/heads/main", "after": "<sha>"?,
 * "files": ["<path>", …]?}}; without {@code files} every environment runs.
 * <pre>{@code
 * body='{"repository":"https://git.example.com/acme/deploy.git","ref":"refs/heads/main"}'
 * sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$(cat /etc/plumbline/webhook/secret)" | sed 's/^.* //')
 * curl -sS -X POST https://plumbline.example.com/api/v1/webhooks/git \
 *   -H 'Content-Type: application/json' -H "X-Plumbline-Signature: sha256=$sig" --data-binary "$body"
 * }</pre>
 */
package dev.plumbline.api.webhook;
