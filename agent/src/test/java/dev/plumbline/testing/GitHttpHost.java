package dev.plumbline.testing;

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
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;

/**
 * A Git host for tests: JGit's smart HTTP server on an embedded Jetty bound to 127.0.0.1 (free port), serving every
 * repository under a base folder at {@code /git/<name>}. Optionally HTTPS (a PKCS12 key store, password
 * {@code changeit}) and a token: then only requests carrying it as their Basic password are served, as Git hosting
 * services do, and {@link #acceptOnly} rotates it (the old one is revoked). It can go down and come back on the same
 * port, so a client's URL stays valid.
 */
public final class GitHttpHost implements AutoCloseable {

    private final Path baseDir;
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;
    private volatile String token;

    /** Plain HTTP, no authentication. */
    public GitHttpHost(Path baseDir) throws Exception {
        this(baseDir, null, null);
    }

    /**
     * @param token    null: anonymous access; otherwise the Basic password every request must carry
     * @param keyStore null: plain HTTP; otherwise HTTPS with that PKCS12 key store (password {@code changeit})
     */
    public GitHttpHost(Path baseDir, String token, Path keyStore) throws Exception {
        this.baseDir = Files.createDirectories(baseDir);
        this.token = token;
        server = new Server();
        tls = keyStore != null;
        if (tls) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keyStore.toString());
            ssl.setKeyStorePassword("changeit");
            connector = new ServerConnector(server, ssl);
        } else {
            connector = new ServerConnector(server);
        }
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
        connector.setPort(connector.getLocalPort()); // a restart binds the same port
    }

    /**
     * Creates an empty bare repository {@code name} (branch {@code main}) under the base folder; with
     * {@code acceptPushes} it takes anonymous pushes over HTTP ({@code http.receivepack}), which JGit refuses otherwise.
     */
    public Path createBare(String name, boolean acceptPushes) throws Exception {
        Path bare = baseDir.resolve(name);
        try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call()) {
            if (acceptPushes) {
                StoredConfig config = git.getRepository().getConfig();
                config.setBoolean("http", null, "receivepack", true);
                config.save();
            }
        }
        return bare;
    }

    public String url(String repository) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + connector.getPort() + "/git/" + repository;
    }

    /** From now on only {@code newToken} is accepted. */
    public void acceptOnly(String newToken) {
        this.token = newToken;
    }

    /** The host goes down: connections are refused until {@link #start}. */
    public void stop() throws Exception {
        server.stop();
    }

    public void start() throws Exception {
        server.start();
    }

    /** Pushes {@code HEAD} of the work tree {@code work} to {@code main} of {@code bare} (by path), as a developer would. */
    public static void push(Path work, Path bare, boolean force) throws Exception {
        try (Git git = Git.open(work.toFile())) {
            git.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("HEAD:refs/heads/main")).setForce(force).call();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Any user name with the current token as password, as Git hosting services accept; everything when no token. */
    private final class TokenFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String expected = token;
            String header = ((HttpServletRequest) request).getHeader("Authorization");
            if (expected == null) {
                chain.doFilter(request, response);
                return;
            }
            if (header != null && header.startsWith("Basic ")) {
                String userPass = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
                if (userPass.substring(userPass.indexOf(':') + 1).equals(expected)) {
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
