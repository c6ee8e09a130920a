package dev.plumbline.faults;

import dev.plumbline.testing.GitHttpHost;

import java.nio.file.Path;

/**
 * The Git host of the fault tests: one bare repository, {@code deploy.git}, on a {@link GitHttpHost} that wants the
 * current token, can go down and come back on the same port, and can revoke the token. Tests push into the bare
 * repository directly (by path), as a developer's push would land.
 */
final class FaultGitServer implements AutoCloseable {

    private final GitHttpHost host;
    private final Path bare;

    FaultGitServer(Path baseDir, String token) throws Exception {
        host = new GitHttpHost(baseDir, token, null);
        bare = host.createBare("deploy.git", false);
    }

    String url() {
        return host.url("deploy.git");
    }

    /** The server goes down: connections are refused. */
    void stop() throws Exception {
        host.stop();
    }

    void start() throws Exception {
        host.start();
    }

    /** From now on only {@code newToken} is accepted (the old one is revoked). */
    void acceptOnly(String newToken) {
        host.acceptOnly(newToken);
    }

    /** Pushes {@code HEAD} of {@code work} to {@code main} (forced when asked), as a developer would. */
    void push(Path work, boolean force) throws Exception {
        GitHttpHost.push(work, bare, force);
    }

    @Override
    public void close() throws Exception {
        host.close();
    }
}
