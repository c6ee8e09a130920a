/**
 * The command line: one picocli command per subcommand of DESIGN.md, all thin. Exit codes follow {@code kubectl diff}:
 * 0 clean, 1 drift, 2 error. Progress goes to stderr, results (YAML, diffs, ChangeSets, JSON) to stdout.
 *
 * <pre>
 * plumbline render   --repo . --env staging [--revision v1.2] [--worktree] [--with-tracking]
 * plumbline validate --repo https://git.example.com/acme/deploy.git --token-file /run/secrets/git-token
 * plumbline diff     --repo . --env staging -o json --kubeconfig ~/.kube/config
 * plumbline sync     --repo . --env staging --dry-run
 * plumbline serve    --port 8080
 * plumbline demo
 * </pre>
 *
 * <p>{@code --repo <dir>} reads the committed tree of the checked-out branch (what the agent would see after a push);
 * {@code --worktree} reads uncommitted files instead.
 */
package dev.plumbline.cli;
