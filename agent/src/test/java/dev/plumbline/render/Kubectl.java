package dev.plumbline.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the kubectl on the PATH (the golden-file oracle). */
final class Kubectl {

    /** Set to true (system property) or PLUMBLINE_GOLDEN_SKIP=true (environment) to run without kubectl. */
    static final String SKIP_PROPERTY = "plumbline.golden.skip";

    record Result(int exitCode, String stdout, String stderr) {
    }

    private Kubectl() {
    }

    static boolean skipAllowed() {
        return Boolean.getBoolean(SKIP_PROPERTY) || "true".equals(System.getenv("PLUMBLINE_GOLDEN_SKIP"));
    }

    static boolean available() {
        try {
            return run("version", "--client").exitCode() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("plumbline.kubectl", "kubectl")); // another binary, or a missing one
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("kubectl " + String.join(" ", args) + " timed out");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
