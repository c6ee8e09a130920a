package dev.plumbline.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jgit.http.server.GitServlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * JGit's smart HTTP server on an embedded Jetty, bound to 127.0.0.1 on a free port: serves every repository under
 * a base folder at {@code /git/<name>}, and only to requests that carry the token as their Basic password.
 */
final class GitHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    /** {@code keyStore} null: plain HTTP; otherwise HTTPS with that PKCS12 key store (password {@code changeit}). */
    GitHttpServer(Path baseDir, String token, Path keyStore) throws Exception {
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
        context.addFilter(new FilterHolder(new BasicTokenFilter(token)), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    String url(String repository) {
        return (tls ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + "/git/" + repository;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** Accepts any user name with the right token as password, as Git hosting services do. */
    private record BasicTokenFilter(String token) implements Filter {
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
