package dev.plumbline.api.webhook;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.StoredConfig;

import java.nio.file.Path;

/**
 * JGit's smart HTTP server on an embedded Jetty bound to 127.0.0.1 (as in the source ITs), serving one bare repository
 * that accepts anonymous pushes ({@code http.receivepack}), so a test can push as a developer would.
 */
final class PushableGitServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final String name;

    PushableGitServer(Path baseDir, String name) throws Exception {
        this.name = name;
        try (Git bare = Git.init().setBare(true).setInitialBranch("main").setDirectory(baseDir.resolve(name).toFile()).call()) {
            StoredConfig config = bare.getRepository().getConfig();
            config.setBoolean("http", null, "receivepack", true); // JGit refuses anonymous pushes otherwise
            config.save();
        }
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
        server.setHandler(context);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/git/" + name;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
