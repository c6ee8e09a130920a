package dev.plumbline;

import dev.plumbline.cli.PlumblineCommand;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import picocli.CommandLine;

/**
 * Entry point of the one executable jar. Every subcommand of DESIGN.md lives under {@link PlumblineCommand};
 * exit codes follow {@code kubectl diff}: 0 clean, 1 drift, 2 error.
 */
@OpenAPIDefinition(info = @Info(title = "plumbline", version = "v1",
        description = "Plumbline's drift, environment and sync API. Served at /openapi/plumbline-v1.yml."))
public final class Plumbline {

    private Plumbline() {
    }

    /** The common pool's parallelism (by default one less than the cores). */
    private static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) {
        // With fewer than 3 cores the common pool has parallelism 1, and CompletableFuture then starts a new thread
        // for every asynchronous step without an executor — the JDK HTTP client's response handling in Fabric8 among
        // them: two threads per API request. Set before anything touches the common pool.
        if (System.getProperty(COMMON_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(COMMON_PARALLELISM, "2");
        }
        int code = run(args);
        // serve/demo block inside run() until shut down; every other command ends here.
        System.exit(code);
    }

    /** Runs the CLI and returns its exit code; used by tests to call the CLI in-process. */
    public static int run(String... args) {
        CommandLine cli = PlumblineCommand.commandLine();
        return cli.execute(args);
    }
}
