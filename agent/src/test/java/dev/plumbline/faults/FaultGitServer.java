package dev.plumbline.faults;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;

/**
 * A Git host for fault tests: JGit's smart HTTP server on 127.0.0.1 serving one bare repository to clients that send
 * the current token as their Basic password. It can go down and come back on the same port, and revoke the token.
 * Tests push into the bare repository directly (by path), as a developer's push would land.
 */
final class FaultGitServer implements AutoCloseable {

    private final Path bare;
    private final Server server;
    private final ServerConnector connector;
    private volatile String token;

    FaultGitServer(Path baseDir, String token) throws Exception {
        this.token = token;
        this.bare = baseDir.resolve("deploy.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder git = new ServletHolder(new GitServlet());
        git.setInitParameter("base-path", baseDir.toString());
        git.setInitParameter("export-all", "true");
        context.addServlet(git, "/git/*");
        context.addFilter(new FilterHolder(new TokenFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        connector.setPort(connector.getLocalPort()); // a restart binds the same port: the agent's URL stays valid
    }

    String url() {
        return "http://127.0.0.1:" + connector.getPort() + "/git/deploy.git";
    }

    Path bareRepository() {
        return bare;
    }

    /** The server goes down: connections are refused. */
    void stop() throws Exception {
        server.stop();
    }

    void start() throws Exception {
        server.start();
    }

    /** From now on only {@code newToken} is accepted (the old one is revoked). */
    void acceptOnly(String newToken) {
        this.token = newToken;
    }

    /** Pushes {@code HEAD} of {@code work} to {@code main} (forced when asked), as a developer would. */
    void push(Path work, boolean force) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("HEAD:refs/heads/main")).setForce(force).call();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class TokenFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            if (header != null && header.startsWith("Basic ")) {
                String userPass = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
                if (userPass.substring(userPass.indexOf(':') + 1).equals(token)) {
                    chain.doFilter(request, response);
                    return;
                }
            }
            HttpServletResponse http = (HttpServletResponse) response;
            http.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
            http.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }
    }
}
