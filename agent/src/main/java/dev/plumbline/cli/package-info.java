/**
 * The command line: one picocli command per subcommand of DESIGN.md, all thin. Exit codes follow {@code kubectl diff}:
 * 0 clean, 1 drift, 2 error. Progress goes to stderr, results (YAML, diffs, ChangeSets, JSON) to stdout.
 *
 * <pre>
 * plumbline render   --repo . --env staging [--revision v1.2] [--worktree] [--with-tracking]
 * plumbline validate --repo https://git.example.com/acme/deploy.git --token-file /run/secrets/git-token
 * plumbline diff     --repo . --env staging -o json --kubeconfig ~/.kube/config
 * plumbline sync     --repo . --env staging --dry-run
 * plumbline approve  --env production --revision 87e5c00 --server http://127.0.0.1:8080 --token-file token
 * plumbline rollback --env production --revision 1a2b3c4 --repo . --kubeconfig ~/.kube/prod
 * plumbline resume   --env production --server http://127.0.0.1:8080 --token-file token
 * plumbline history  --env production --kubeconfig ~/.kube/prod -o json
 * plumbline status   --server http://127.0.0.1:8080
 * plumbline serve    --port 8080
 * plumbline demo
 * </pre>
 *
 * <p>{@code --repo <dir>} reads the committed tree of the checked-out branch (what the agent would see after a push);
 * {@code --worktree} reads uncommitted files instead.
 *
 * <p>The verbs ({@code approve}, {@code rollback}, {@code resume}, {@code history}, {@code status}) do what the HTTP
 * API does, through a running agent ({@link dev.plumbline.cli.AgentBackend}: {@code --server}, {@code --token-file})
 * or on the cluster directly ({@link dev.plumbline.cli.ClusterBackend}: {@code --repo} and the cluster options, through
 * the {@code Reconciler}); both answer the API's JSON, so {@code -o json} and the text views are the same either way.
 */
package dev.plumbline.cli;
