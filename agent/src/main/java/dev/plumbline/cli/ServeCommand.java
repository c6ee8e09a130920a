package dev.plumbline.cli;

import dev.plumbline.Plumbline;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code plumbline serve}: the in-cluster agent. Starts the Micronaut HTTP server (API, {@code /health/liveness},
 * {@code /health/readiness}, {@code /prometheus}) and blocks until the JVM is asked to stop.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the in-cluster agent (HTTP API + reconcile loop).")
public class ServeCommand implements Callable<Integer> {

    @CommandLine.Option(names = "--kubeconfig", description = "kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)")
    String kubeconfig;

    @CommandLine.Option(names = "--port", description = "HTTP port (default: micronaut.server.port, 8080)")
    Integer port;

    @CommandLine.Option(names = "--host", description = "address to bind (default: all interfaces, as a pod needs; 127.0.0.1 locally)")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        ApplicationContext context = start(this);
        // Micronaut registers its own shutdown hook, which stops the server and the context on SIGTERM (a second
        // hook stopping the context as well deadlocks on their locks). Wait here until that has happened.
        while (context.isRunning()) {
            Thread.sleep(200);
        }
        return PlumblineCommand.EXIT_CLEAN;
    }

    /** Starts the agent's application context; also used by tests and {@code demo}. */
    public static ApplicationContext start(ServeCommand options) {
        java.util.Map<String, Object> props = new java.util.HashMap<>();
        if (options.port != null) {
            props.put("micronaut.server.port", options.port);
        }
        if (options.host != null) {
            props.put("micronaut.server.host", options.host);
        }
        if (options.kubeconfig != null) {
            props.put("plumbline.kubeconfig", options.kubeconfig);
        }
        var builder = Micronaut.build(new String[0]).mainClass(Plumbline.class).banner(false).properties(props);
        ApplicationContext context = builder.start();
        context.findBean(EmbeddedServer.class).ifPresent(server ->
                System.err.println("plumbline serve: listening on " + server.getURL()));
        return context;
    }
}
