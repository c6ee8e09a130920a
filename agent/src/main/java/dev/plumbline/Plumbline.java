package dev.plumbline;

import dev.plumbline.cli.PlumblineCommand;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Entry point of the one executable jar. Every subcommand of DESIGN.md lives under {@link PlumblineCommand};
 * exit codes follow {@code kubectl diff}: 0 clean, 1 drift, 2 error.
 */
@OpenAPIDefinition(info = @Info(title = "plumbline", version = "v1",
        description = "Plumbline's drift, environment and sync API. Served at /openapi/plumbline-v1.yml."))
public final class Plumbline {

    /** {@code jdk.internal.net.http.HttpClientImpl}'s selector thread, as named from Java 11 to 25. */
    private static final Pattern HTTP_SELECTOR = Pattern.compile("HttpClient-\\d+-SelectorManager");

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
        stopHttpSelectors(liveThreads());
        System.exit(code);
    }

    /**
     * Ends the selector threads of the JDK HTTP clients a command used. Its connections are closed by now, but on Java
     * 17 a client's selector thread lives on, blocked in {@code epoll_wait}, until the client is garbage-collected;
     * and HotSpot's exit waits about 300 ms for any thread still in native code
     * ({@code VM_Exit::wait_for_threads_in_native_to_block}), so every {@code diff} and {@code sync} ended 0.3 s after
     * its work. An interrupt ends a selector's loop, which closes its client. Only for a process about to exit.
     */
    static void stopHttpSelectors(Collection<Thread> threads) {
        List<Thread> selectors = threads.stream().filter(t -> HTTP_SELECTOR.matcher(t.getName()).matches()).toList();
        selectors.forEach(Thread::interrupt);
        for (Thread selector : selectors) {
            try {
                selector.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every live thread of this JVM. */
    static List<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        return Arrays.asList(threads).subList(0, n);
    }

    /** Runs the CLI and returns its exit code; used by tests to call the CLI in-process. */
    public static int run(String... args) {
        CommandLine cli = PlumblineCommand.commandLine(args);
        return cli.execute(args);
    }
}
